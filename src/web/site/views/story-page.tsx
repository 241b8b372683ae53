import type { Story } from '../../../stories/story.ts';
import { storyPath } from '../urls.ts';
import { FeedLinks } from './entity-page.tsx';

/**
 * The parts of a story's page («ملف») around its list of articles: ArticleListPage shows the
 * title, the description, the count and the articles.
 */

/** Above the title's line: what the page is. */
export function StoryIntro() {
  return <p class="entity-kind">ملف</p>;
}

/** After the list: the story's feeds. */
export function StoryAside({ story }: { story: Story }) {
  return <FeedLinks listPath={storyPath(story)} />;
}

/** On an article's page, above its headline: the stories it belongs to, «ملف: زلزال الحوز». */
export function StoryLinks({ stories }: { stories: readonly Pick<Story, 'id' | 'slug' | 'title'>[] }) {
  if (stories.length === 0) return null;
  return (
    <p class="story-links">
      {stories.map((story, i) => (
        <span key={story.id}>
          {i > 0 && ' · '}
          ملف:{' '}
          <a href={storyPath(story)}>
            <bdi>{story.title}</bdi>
          </a>
        </span>
      ))}
    </p>
  );
}
