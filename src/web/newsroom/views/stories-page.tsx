import type { StoryListing } from '../../../stories/story.ts';
import { STORY_LIMITS } from '../../../stories/story.ts';
import { storyPath } from '../../site/urls.ts';
import { articleCount } from '../../site/views/article-list-page.tsx';
import { CsrfField } from './csrf-field.tsx';
import { NewsroomTime } from './newsroom-time.tsx';
import { Notice } from './notice.tsx';
import { arabicCount, NumberedPager } from './numbered-pager.tsx';

export interface StoriesListModel {
  stories: StoryListing[];
  total: number;
  page: number;
  pages: number;
  /** The user may open, rename and fill stories (`stories.manage`). */
  canManage: boolean;
  /** What the create form held when it was refused. */
  form: { title: string; description: string; slug: string };
  timeZone: string;
  error?: string | undefined;
  done?: string | undefined;
}

/** /newsroom/stories: every story, the most recently changed first, and the form that opens one. */
export function StoriesListPage({ model, csrfToken }: { model: StoriesListModel; csrfToken: string }) {
  return (
    <>
      <section class="panel" aria-labelledby="stories-title">
        <h1 id="stories-title">
          الملفات <span class="count">({arabicCount.format(model.total)})</span>
        </h1>
        <p class="muted">
          الملف يجمع مقالات قصة تتابعها الجريدة شهورا («زلزال الحوز»، «كأس إفريقيا 2025») في صفحة واحدة للقراء، لها
          خلاصتها.
        </p>
        <Notice kind="done">{model.done}</Notice>
        <Notice kind="error">{model.error}</Notice>
        {model.stories.length === 0 ? (
          <p class="empty">لا ملفات بعد.</p>
        ) : (
          <ol class="curation-list" data-list="stories">
            {model.stories.map((story) => (
              <li key={story.id} data-story={String(story.id)}>
                <a class="curation-list__headline" href={`/newsroom/stories/${story.id}`}>
                  <bdi>{story.title}</bdi>
                </a>
                <span class="curation-list__meta">
                  {articleCount(story.articleCount)}
                  {story.articleCount !== story.publishedCount &&
                    `، منها ${arabicCount.format(story.publishedCount)} منشورة`}
                  {' · '}
                  آخر تغيير <NewsroomTime date={story.updatedAt} timeZone={model.timeZone} />
                  {' · '}
                  <a href={storyPath(story)}>صفحته في الموقع</a>
                </span>
              </li>
            ))}
          </ol>
        )}
        <NumberedPager
          page={model.page}
          pages={model.pages}
          pathFor={(n) => (n > 1 ? `/newsroom/stories?page=${n}` : '/newsroom/stories')}
          label="صفحات الملفات"
        />
      </section>

      {model.canManage && (
        <section class="panel" aria-labelledby="new-story-title">
          <h2 id="new-story-title">ملف جديد</h2>
          <form method="post" action="/newsroom/stories" class="form">
            <CsrfField token={csrfToken} />
            <StoryFields title={model.form.title} description={model.form.description} />
            <label for="story-slug">الرابط (اختياري)</label>
            <input
              id="story-slug"
              name="slug"
              value={model.form.slug}
              dir="auto"
              maxLength={STORY_LIMITS.slug}
              placeholder="يُصنع من العنوان: ملف-الصحراء"
            />
            <p class="hint">لا يتغير الرابط بعد فتح الملف، ولو تغير عنوانه.</p>
            <button type="submit">افتح الملف</button>
          </form>
        </section>
      )}
    </>
  );
}

/** The title and description fields, shared by the create and edit forms. */
export function StoryFields({ title, description }: { title: string; description: string }) {
  return (
    <>
      <label for="story-title">العنوان</label>
      <input
        id="story-title"
        name="title"
        value={title}
        dir="auto"
        required
        maxLength={STORY_LIMITS.title}
        placeholder="زلزال الحوز"
      />
      <label for="story-description">الوصف</label>
      <textarea id="story-description" name="description" dir="auto" rows={3} maxLength={STORY_LIMITS.description}>
        {description}
      </textarea>
    </>
  );
}
