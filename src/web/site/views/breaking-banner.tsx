import { BidiText } from '../../bidi-text.tsx';
import type { BreakingStory } from '../breaking-news.ts';
import { articlePath } from '../urls.ts';

/** The breaking-news banner above every reader page while a story is breaking. */
export function BreakingBanner({ stories }: { stories: readonly BreakingStory[] }) {
  if (stories.length === 0) return null;
  return (
    <aside class="breaking" aria-label="خبر عاجل">
      <div class="wrap breaking__inner">
        <strong class="breaking__label">عاجل</strong>
        <ul class="breaking__stories">
          {stories.map((story) => (
            <li key={story.id}>
              <a href={articlePath(story)}>
                <BidiText text={story.headline} />
              </a>
            </li>
          ))}
        </ul>
      </div>
    </aside>
  );
}
