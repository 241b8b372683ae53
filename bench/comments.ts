/**
 * `npm run bench:comments`: an article page with 500 approved comments, rendered uncached (the
 * bar: ≤ 10 ms), beside the same newspaper's article page without comments and the article's
 * second page of older comments, in the same run, through app.inject() on SQLite (no network:
 * the render and its reads). The article page shows the newest 50 threads (COMMENTS_PER_PAGE)
 * and links to the older ones. Medians of 200 renders each, alternated so that all see the
 * same machine; the load average is printed with them.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { openStore } from '../src/store/store.ts';
import { buildApp } from '../src/web/app.ts';
import { testConfig } from '../test/helpers/config.ts';
import { freshDatabase } from '../test/helpers/databases.ts';
import { jawharaArticle, jawharaRecords } from '../test/helpers/dispatch-rewrite.ts';

const COMMENTS = 500;
const ROUNDS = 200;

const fresh = await freshDatabase('sqlite');
const store = await openStore(fresh.options);
await store.articles.upsertManyByExternalId(jawharaRecords(40).map(jawharaArticle));
const [withComments, without] = await store.articles.listPublishedPage({ limit: 2 });
const editor = { id: null, role: 'editor' as const };
const ids: number[] = [];
for (let i = 0; i < COMMENTS; i++) {
  const { id } = await store.comments.submit({
    articleId: withComments!.id,
    parentId: i % 5 === 4 ? ids[ids.length - 1] : undefined,
    name: `قارئ رقم ${i}`,
    email: '',
    body: `تعليق رقم ${i}: شكرا على هذا الخبر، ونتمنى أن تتابعوا الموضوع وتنشروا رأي المهنيين أيضا في الأيام المقبلة.`,
    addressHash: String(i).padStart(40, '0'),
  });
  ids.push(id);
  await store.comments.decide(editor, [id], 'approve');
}
const app = await buildApp({
  config: testConfig({ dataDir: fresh.options.dataDir, pageCache: false }),
  store,
  invalidationPollMs: 0,
});
const pathOf = async (id: number) => String((await app.inject(`/article/${id}`)).headers.location);
const commented = await pathOf(withComments!.id);
const paths = { comments: commented, plain: await pathOf(without!.id), older: `${commented}/comments?page=2` };
const times: Record<keyof typeof paths, number[]> = { comments: [], plain: [], older: [] };
const loadBefore = os.loadavg();
let bytes = 0;
for (let round = 0; round < ROUNDS + 20; round++) {
  for (const key of ['comments', 'plain', 'older'] as const) {
    const start = performance.now();
    const answer = await app.inject(paths[key]);
    const ms = performance.now() - start;
    if (answer.statusCode !== 200) throw new Error(`${paths[key]}: ${answer.statusCode}`);
    if (key === 'comments') bytes = answer.body.length;
    if (round >= 20) times[key].push(ms);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;
console.log(`uncached article page, SQLite, ${ROUNDS} renders each (after 20 to warm up):`);
console.log(
  `  with ${COMMENTS} approved comments: median ${median(times.comments).toFixed(2)} ms, p95 ${p95(times.comments).toFixed(2)} ms (${(bytes / 1024).toFixed(0)} KB of HTML)`,
);
console.log(
  `  without comments (baseline):   median ${median(times.plain).toFixed(2)} ms, p95 ${p95(times.plain).toFixed(2)} ms`,
);
console.log(
  `  older comments (page 2):        median ${median(times.older).toFixed(2)} ms, p95 ${p95(times.older).toFixed(2)} ms`,
);
const load = (values: number[]) => values.map((v) => v.toFixed(2)).join(' ');
console.log(`  load average before ${load(loadBefore)}, after ${load(os.loadavg())} (${os.cpus().length} cores)`);
console.log(`  bar: ≤ 10 ms with 500 comments — ${median(times.comments) <= 10 ? 'met' : 'not met'} (median)`);
await app.close();
await store.close();
await fresh.cleanup();
