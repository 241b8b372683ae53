import type { MostReadLists } from '../../../audience/most-read.ts';
import type { ArticleSummary } from '../../../content/article.ts';
import { articlePath } from '../urls.ts';

/**
 * "الأكثر قراءة": two numbered lists of headlines, the last 24 hours and the last 7 days, side by
 * side on a wide screen and one under the other on a phone. Nothing when nobody has read yet.
 */
export function MostReadBlock({ lists }: { lists: MostReadLists }) {
  if (lists.day.length === 0 && lists.week.length === 0) return null;
  return (
    <aside class="most-read" aria-labelledby="most-read-title">
      <h2 class="section-title" id="most-read-title">
        الأكثر قراءة
      </h2>
      <div class="most-read__lists">
        <MostReadList id="most-read-day" title="آخر 24 ساعة" articles={lists.day} />
        <MostReadList id="most-read-week" title="آخر 7 أيام" articles={lists.week} />
      </div>
    </aside>
  );
}

function MostReadList({ id, title, articles }: { id: string; title: string; articles: ArticleSummary[] }) {
  if (articles.length === 0) return null;
  return (
    <section class="most-read__list" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <ol>
        {articles.map((article) => (
          <li key={article.id}>
            <a href={articlePath(article)}>{article.headline}</a>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The article page's view beacon: one POST once the page is really shown (not while prerendered), without cookies. */
export function ViewBeacon({ articleId }: { articleId: number }) {
  return <script data-article={String(articleId)} dangerouslySetInnerHTML={{ __html: VIEW_BEACON }} />;
}

/** The beacon's exact text: the reader pages' Content-Security-Policy allows it by its hash (web/security-headers.ts). */
export const VIEW_BEACON =
  "(function(){var id=Number(document.currentScript.dataset.article);function send(){fetch('/api/v1/views',{method:'POST',keepalive:true,credentials:'omit',headers:{'content-type':'application/json'},body:JSON.stringify({articleId:id})}).catch(function(){})}if(document.prerendering){document.addEventListener('prerenderingchange',send,{once:true})}else{send()}})();";
