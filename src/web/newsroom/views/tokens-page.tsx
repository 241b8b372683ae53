import type { User } from '../../../newsroom/accounts.ts';
import type { ApiTokenEntry } from '../../../newsroom/api-tokens.ts';
import { ROLE_NAMES, ROLES, type Role } from '../../../newsroom/roles.ts';
import { CsrfField } from './csrf-field.tsx';
import { NewsroomTime } from './newsroom-time.tsx';
import { Notice } from './notice.tsx';

/** A key just made, shown once. */
export interface IssuedToken {
  name: string;
  kind: 'content' | 'admin';
  secret: string;
}

export interface TokensModel {
  tokens: ApiTokenEntry[];
  /** Active users a key can be made for. */
  users: User[];
  viewer: User;
  csrfToken: string;
  timeZone: string;
  issued?: IssuedToken | undefined;
  error?: string | undefined;
  done?: string | undefined;
  draft?: { name: string; kind: string; userId: string; role: string; rateLimit: string } | undefined;
}

const KIND_NAMES = { content: 'قراءة', admin: 'إدارة' } as const;

export function TokensPage({ model }: { model: TokensModel }) {
  const draft = model.draft ?? { name: '', kind: 'content', userId: String(model.viewer.id), role: '', rateLimit: '' };
  return (
    <>
      <section class="panel" aria-labelledby="tokens-title">
        <h1 id="tokens-title">مفاتيح واجهة البرمجة</h1>
        <p class="hint">
          مفتاح <strong>القراءة</strong> يعرّف بشريك يقرأ المحتوى المنشور ويرفع حد طلباته. مفتاح <strong>الإدارة</strong>{' '}
          يكتب المقالات وينقلها بين مراحل التحرير باسم مستخدم، بصلاحيات دوره أو بدور أدنى. المرجع:{' '}
          <a href="/api/v1/docs" dir="ltr">
            /api/v1/docs
          </a>
          .
        </p>
        <Notice kind="done">{model.done}</Notice>
        <Notice kind="error">{model.error}</Notice>
        {model.issued && <IssuedTokenNotice issued={model.issued} />}
        {model.tokens.length === 0 ? (
          <p>لا توجد مفاتيح بعد.</p>
        ) : (
          <table class="users">
            <thead>
              <tr>
                <th scope="col">الاسم</th>
                <th scope="col">النوع</th>
                <th scope="col">المستخدم والدور</th>
                <th scope="col">آخر استعمال</th>
                <th scope="col">الحالة</th>
                <th scope="col">إجراءات</th>
              </tr>
            </thead>
            <tbody>
              {model.tokens.map((token) => (
                <tr key={token.id} class={token.revokedAt ? 'is-disabled' : undefined}>
                  <td>
                    {token.name}
                    <br />
                    <code dir="ltr">{token.prefix}…</code>
                  </td>
                  <td>
                    {KIND_NAMES[token.kind]}
                    {token.rateLimit !== null && <small> ({token.rateLimit} طلب في الدقيقة)</small>}
                  </td>
                  <td>
                    {token.userName}
                    <br />
                    <small>{token.role ? ROLE_NAMES[token.role] : 'بدور المستخدم'}</small>
                  </td>
                  <td>
                    {token.lastUsedAt ? (
                      <NewsroomTime date={token.lastUsedAt} timeZone={model.timeZone} />
                    ) : (
                      'لم يُستعمل'
                    )}
                  </td>
                  <td>
                    {token.revokedAt ? (
                      <>
                        ملغى منذ <NewsroomTime date={token.revokedAt} timeZone={model.timeZone} />
                      </>
                    ) : (
                      'نشط'
                    )}
                  </td>
                  <td class="actions">
                    {!token.revokedAt && (
                      <form method="post" action={`/newsroom/tokens/${token.id}/revoke`}>
                        <CsrfField token={model.csrfToken} />
                        <button type="submit" class="button--danger">
                          إلغاء المفتاح
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section class="panel" aria-labelledby="new-token-title">
        <h2 id="new-token-title">مفتاح جديد</h2>
        <form method="post" action="/newsroom/tokens" class="form">
          <CsrfField token={model.csrfToken} />
          <label for="token-name">الاسم (لمن هذا المفتاح؟)</label>
          <input id="token-name" name="name" type="text" dir="auto" required maxLength={100} value={draft.name} />
          <label for="token-kind">النوع</label>
          <select id="token-kind" name="kind">
            <option value="content" selected={draft.kind === 'content'}>
              قراءة (شريك أو تطبيق)
            </option>
            <option value="admin" selected={draft.kind === 'admin'}>
              إدارة (كتابة باسم مستخدم)
            </option>
          </select>
          <label for="token-user">المستخدم</label>
          <select id="token-user" name="userId">
            {model.users.map((user) => (
              <option key={user.id} value={String(user.id)} selected={draft.userId === String(user.id)}>
                {user.displayName} ({ROLE_NAMES[user.role]})
              </option>
            ))}
          </select>
          <label for="token-role">الدور</label>
          <select id="token-role" name="role">
            <option value="" selected={draft.role === ''}>
              دور المستخدم نفسه
            </option>
            {ROLES.map((role: Role) => (
              <option key={role} value={role} selected={draft.role === role}>
                {ROLE_NAMES[role]}
              </option>
            ))}
          </select>
          <small>لا يحمل المفتاح دورا أعلى من دور مستخدمه.</small>
          <label for="token-limit">حد الطلبات في الدقيقة (اختياري)</label>
          <input
            id="token-limit"
            name="rateLimit"
            type="number"
            min={1}
            max={1000000}
            dir="ltr"
            inputMode="numeric"
            value={draft.rateLimit}
          />
          <button type="submit">إنشاء المفتاح</button>
        </form>
      </section>
    </>
  );
}

function IssuedTokenNotice({ issued }: { issued: IssuedToken }) {
  return (
    <div class="notice notice--done issued" role="status">
      <p>
        أُنشئ مفتاح {KIND_NAMES[issued.kind]} «{issued.name}». انسخه الآن وسلّمه لصاحبه، فلن يظهر مرة أخرى:
      </p>
      <p>
        <input class="issued__url" type="text" dir="ltr" readOnly value={issued.secret} aria-label="المفتاح" />
      </p>
      <p class="hint">
        يُرسل في الترويسة <code dir="ltr">Authorization: Bearer …</code>. إن ضاع أو تسرّب، ألغه وأنشئ غيره.
      </p>
    </div>
  );
}
