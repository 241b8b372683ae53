import type { ArticleInput } from '../../src/content/article.ts';
import type { Block } from '../../src/content/blocks.ts';

/** The frames the server computes for the embeds of EMBED_BODY (YouTube, X, Facebook, in order). */
export const EMBED_FRAMES = {
  youtube: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1',
  x: 'https://platform.twitter.com/embed/Tweet.html?id=1790000000000000000&lang=ar&dnt=true',
  facebook: 'https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Falghad24%2Fposts%2F123456',
} as const;

/**
 * A body with one embed per provider between paragraphs: a titled YouTube video, a post on X,
 * a Facebook post, a plain link, and a YouTube address whose id cannot be read (a link too).
 */
export const EMBED_BODY: Block[] = [
  { type: 'paragraph', text: 'نشرت وزارة الصحة شريطا يشرح حملة التلقيح الجديدة في المدارس.' },
  {
    type: 'embed',
    provider: 'youtube',
    url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    title: 'حملة التلقيح في المدارس: ما يجب أن يعرفه الآباء',
  },
  { type: 'paragraph', text: 'وعلّق الناطق الرسمي باسم الحكومة على الحملة في تدوينة.' },
  { type: 'embed', provider: 'x', url: 'https://x.com/MAP_Information/status/1790000000000000000' },
  { type: 'embed', provider: 'facebook', url: 'https://www.facebook.com/alghad24/posts/123456' },
  { type: 'embed', provider: 'link', url: 'https://www.sante.gov.ma/campagne', title: 'بلاغ الوزارة' },
  { type: 'embed', provider: 'youtube', url: 'https://www.youtube.com/watch?v=not"an-id' },
];

/** A published article whose body is EMBED_BODY (write it with store.articles.upsertManyByExternalId). */
export function embedArticle(sectionSlug: string): ArticleInput & { externalId: string } {
  return {
    externalId: 'embeds-1',
    headline: 'وزارة الصحة تطلق حملة تلقيح جديدة في المدارس',
    dek: 'شريط توضيحي وتدوينة للناطق الرسمي',
    body: EMBED_BODY,
    status: 'published',
    sectionSlug,
    publishedAt: new Date('2026-11-20T09:00:00Z'),
    dateline: 'الرباط',
    bylines: [{ name: 'سلمى بناني', kind: 'person' }],
  };
}
