import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { User } from '../../../newsroom/accounts.ts';
import { can } from '../../../newsroom/policy.ts';
import { ROLE_NAMES } from '../../../newsroom/roles.ts';
import type { NewsroomContext } from '../newsroom-context.ts';
import { mayManageUsers } from '../signed-in-user.ts';
import { CsrfField } from './csrf-field.tsx';

export interface NewsroomPage {
  title: string;
  /** The signed-in user, for the navigation; null on the sign-in and reset pages. */
  user: User | null;
  /** The form token of this response; every form posts it. */
  csrfToken: string;
  /** The navigation entry to mark as current. */
  current?:
    | 'home'
    | 'curation'
    | 'media'
    | 'entities'
    | 'stories'
    | 'comments'
    | 'stats'
    | 'account'
    | 'users'
    | 'tokens'
    | 'webhooks'
    | 'new-article'
    | undefined;
  /** Module scripts of the page (the article editor's app). */
  scripts?: string[];
  /** The response's script nonce (security-headers.ts): the only scripts the newsroom's policy runs carry it. */
  scriptNonce?: string;
  /** A page that uses the whole width of the screen (the editor). */
  wide?: boolean;
}

function Layout({
  context,
  page,
  children,
}: {
  context: NewsroomContext;
  page: NewsroomPage;
  children: ComponentChildren;
}) {
  const { user } = page;
  return (
    <html lang="ar" dir="rtl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${page.title} | غرفة الأخبار — ${context.siteName}`}</title>
        <link rel="icon" href={context.favicon} type="image/svg+xml" />
        <link rel="stylesheet" href={context.stylesheet} />
        {page.scripts?.map((src) => (
          <script key={src} type="module" src={src} nonce={page.scriptNonce} />
        ))}
      </head>
      <body>
        <header class="bar">
          <div class="bar__brand">
            <a href="/newsroom">{context.siteName}</a>
            <span>غرفة الأخبار</span>
          </div>
          {user && (
            <nav class="bar__nav" aria-label="غرفة الأخبار">
              <a href="/newsroom" aria-current={page.current === 'home' ? 'page' : undefined}>
                مكتب التحرير
              </a>
              <a href="/newsroom/articles/new" aria-current={page.current === 'new-article' ? 'page' : undefined}>
                مقال جديد
              </a>
              {can({ id: user.id, role: user.role }, 'home.curate') && (
                <a href="/newsroom/curation" aria-current={page.current === 'curation' ? 'page' : undefined}>
                  الصفحة الرئيسية والعاجل
                </a>
              )}
              <a href="/newsroom/media" aria-current={page.current === 'media' ? 'page' : undefined}>
                مكتبة الصور
              </a>
              <a href="/newsroom/entities" aria-current={page.current === 'entities' ? 'page' : undefined}>
                الكيانات
              </a>
              <a href="/newsroom/stories" aria-current={page.current === 'stories' ? 'page' : undefined}>
                الملفات
              </a>
              {can({ id: user.id, role: user.role }, 'comments.moderate') && (
                <a href="/newsroom/comments" aria-current={page.current === 'comments' ? 'page' : undefined}>
                  التعليقات
                </a>
              )}
              {can({ id: user.id, role: user.role }, 'stats.view') && (
                <a href="/newsroom/stats" aria-current={page.current === 'stats' ? 'page' : undefined}>
                  الإحصاءات
                </a>
              )}
              <a href="/newsroom/account" aria-current={page.current === 'account' ? 'page' : undefined}>
                حسابي
              </a>
              {mayManageUsers(user) && (
                <a href="/newsroom/users" aria-current={page.current === 'users' ? 'page' : undefined}>
                  المستخدمون
                </a>
              )}
              {mayManageUsers(user) && (
                <a href="/newsroom/tokens" aria-current={page.current === 'tokens' ? 'page' : undefined}>
                  المفاتيح
                </a>
              )}
              {mayManageUsers(user) && (
                <a href="/newsroom/webhooks" aria-current={page.current === 'webhooks' ? 'page' : undefined}>
                  إشعارات الويب
                </a>
              )}
              <span class="bar__who">
                {user.displayName} · {ROLE_NAMES[user.role]}
              </span>
              <form method="post" action="/newsroom/sign-out" class="bar__sign-out">
                <CsrfField token={page.csrfToken} />
                <button type="submit">تسجيل الخروج</button>
              </form>
            </nav>
          )}
        </header>
        <main id="main" class={page.wide ? 'main--wide' : undefined}>
          {children}
        </main>
      </body>
    </html>
  );
}

/** A whole newsroom document. */
export function renderNewsroomDocument(context: NewsroomContext, page: NewsroomPage, body: ComponentChildren): string {
  return `<!doctype html>${renderToString(
    <Layout context={context} page={page}>
      {body}
    </Layout>,
  )}`;
}
