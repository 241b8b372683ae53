/**
 * WordPress import speed: writes a WXR export of N posts (5,000 by default) built from the
 * real Jawhara FM records of demo/ (headline, paragraphs, date, section; every fifth post in
 * block-editor markup, every tenth with a [caption] and the fixture's featured image, a
 * YouTube URL in some), with the header of the real fixture (test/fixtures/wordpress), then
 * imports it with `importWxr` into a fresh SQLite store (and PostgreSQL with --postgres) and
 * reports posts per second for the first import and for a second run (all unchanged), with
 * the peak memory. Writes test-output/bench-import-N.json.
 *
 *   npm run bench:import [-- --posts 5000] [--postgres] [--keep]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { parseCorpusDate } from '../src/import/corpus-record.ts';
import { DEMO_DIR } from '../src/import/demo.ts';
import { importWxr } from '../src/import/wxr.ts';
import { openStore } from '../src/store/store.ts';
import { freshDatabase } from '../test/helpers/databases.ts';
import { peakRssBytes } from './generate-articles.ts';
import { REPO_ROOT } from './servers.ts';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/wordpress');
const SECTION_OF: Record<string, string> = {
  localNews: 'وطنية',
  internationalNews: 'دولية',
  politic: 'سياسة',
  economy: 'اقتصاد',
  society: 'مجتمع',
  sport: 'رياضة',
  culture: 'ثقافة',
  technology: 'تكنولوجيا',
  diverse: 'متفرقات',
};
const AUTHORS = ['ghad-admin', 'salma', 'youssef', 'mariem'];

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '5000' },
    postgres: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const posts = Number(values.posts);
if (!Number.isInteger(posts) || posts < 1 || posts > 50_000) throw new Error('--posts must be 1–50000');

const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeHtml = escapeXml;

interface CorpusRecord {
  title?: string;
  text?: string;
  time?: string;
  category?: string;
}

/** Dated Jawhara records with a title and text, in file order. */
async function corpusRecords(limit: number): Promise<CorpusRecord[]> {
  const lines = readline.createInterface({
    input: fs.createReadStream(path.join(DEMO_DIR, 'jawhara.jsonl.gz')).pipe(zlib.createGunzip()),
  });
  const records: CorpusRecord[] = [];
  for await (const line of lines) {
    const r = JSON.parse(line) as CorpusRecord;
    if (r.title && r.text && r.time?.includes('T') && r.category && SECTION_OF[r.category]) records.push(r);
    if (records.length >= limit) break;
  }
  lines.close();
  return records;
}

async function writeWxr(file: string, count: number): Promise<void> {
  const fixture = fs.readFileSync(path.join(FIXTURE, 'export.xml'), 'utf8');
  const header = fixture.slice(0, fixture.indexOf('<item>'));
  const attachment = [...fixture.matchAll(/<item>[\s\S]*?<\/item>/g)]
    .map((m) => m[0])
    .find((item) => item.includes('<wp:post_type><![CDATA[attachment]]>')) as string;
  const attachmentId = /<wp:post_id>(\d+)<\/wp:post_id>/.exec(attachment)?.[1];
  const records = await corpusRecords(Math.min(count, 9000));
  const out = fs.createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await write(header);
  for (let i = 0; i < count; i++) {
    const r = records[i % records.length] as CorpusRecord;
    const id = 1000 + i;
    const round = Math.floor(i / records.length);
    const title = round > 0 ? `${r.title} (${round + 1})` : (r.title as string);
    const paragraphs = (r.text as string).split('\n').filter((l) => l.trim());
    let content = paragraphs.map((p) => escapeHtml(p)).join('\n\n');
    if (i % 5 === 0)
      content = paragraphs
        .map((p) => `<!-- wp:paragraph -->\n<p>${escapeHtml(p)}</p>\n<!-- /wp:paragraph -->`)
        .join('\n\n');
    if (i % 10 === 0)
      content = `[caption id="attachment_${attachmentId}" width="320"]<img src="https://akhbar.example/wp-content/uploads/2017/01/stade-rades.jpg" alt="مدرجات" width="320" height="180" /> جماهير في الملعب[/caption]\n\n${content}`;
    if (i % 7 === 0) content += '\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ';
    const date = parseCorpusDate(r.time as string, 'Africa/Tunis') ?? new Date(Date.UTC(2017, 0, 1, 12));
    const gmt = date.toISOString().slice(0, 19).replace('T', ' ');
    const slug = encodeURIComponent(
      `${title
        .replace(/[^\p{L}\p{N}]+/gu, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 60)}-${id}`,
    ).toLowerCase();
    const section = SECTION_OF[r.category as string] as string;
    await write(`
	<item>
		<title>${cdata(title)}</title>
		<link>https://akhbar.example/${gmt.slice(0, 4)}/${gmt.slice(5, 7)}/${slug}/</link>
		<pubDate>${date.toUTCString()}</pubDate>
		<dc:creator>${cdata(AUTHORS[i % AUTHORS.length] as string)}</dc:creator>
		<guid isPermaLink="false">https://akhbar.example/?p=${id}</guid>
		<description></description>
		<content:encoded>${cdata(content)}</content:encoded>
		<excerpt:encoded>${cdata(i % 3 === 0 ? (paragraphs[0] ?? '') : '')}</excerpt:encoded>
		<wp:post_id>${id}</wp:post_id>
		<wp:post_date>${cdata(gmt)}</wp:post_date>
		<wp:post_date_gmt>${cdata(gmt)}</wp:post_date_gmt>
		<wp:post_name>${cdata(slug)}</wp:post_name>
		<wp:status>${cdata(i % 50 === 0 ? 'draft' : 'publish')}</wp:status>
		<wp:post_type>${cdata('post')}</wp:post_type>
		<wp:post_password>${cdata('')}</wp:post_password>
		<category domain="category" nicename="${escapeXml(encodeURIComponent(section).toLowerCase())}">${cdata(section)}</category>
		<category domain="post_tag" nicename="${escapeXml(encodeURIComponent('تونس').toLowerCase())}">${cdata('تونس')}</category>${
      i % 10 === 0
        ? `
		<wp:postmeta>
		<wp:meta_key>${cdata('_thumbnail_id')}</wp:meta_key>
		<wp:meta_value>${cdata(attachmentId as string)}</wp:meta_value>
		</wp:postmeta>`
        : ''
    }
	</item>`);
  }
  await write(`\n${attachment}\n</channel>\n</rss>\n`);
  out.end();
  await new Promise<void>((resolve) => out.on('finish', () => resolve()));
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghad-bench-import-'));
const file = path.join(dir, `wordpress-${posts}.xml`);
const generated = performance.now();
await writeWxr(file, posts);
const bytes = fs.statSync(file).size;
console.log(
  `WXR of ${posts.toLocaleString('en')} posts: ${(bytes / 1024 / 1024).toFixed(1)} MB, written in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
);

const figures: Record<string, unknown> = {
  posts,
  wxrBytes: bytes,
  cpus: os.cpus().length,
  measuredAt: new Date().toISOString(),
};
for (const dialect of values.postgres ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)) {
  const database = await freshDatabase(dialect);
  const store = await openStore(database.options);
  try {
    const options = {
      timeZone: 'Africa/Tunis',
      uploadsDir: path.join(FIXTURE, 'uploads'),
      dataDir: database.options.dataDir,
    };
    const first = await importWxr(store, file, options);
    const second = await importWxr(store, file, options);
    const result = {
      imported: first.imported,
      skipped: first.skipped.length,
      firstSeconds: first.seconds,
      firstPostsPerSecond: first.imported / first.seconds,
      rerunSeconds: second.seconds,
      rerunPostsPerSecond: second.unchanged / second.seconds,
      rerunUnchanged: second.unchanged,
    };
    figures[dialect] = result;
    console.log(
      `${dialect}: first import ${result.imported} posts in ${result.firstSeconds.toFixed(1)} s = ${result.firstPostsPerSecond.toFixed(0)} posts/s; second run ${result.rerunUnchanged} unchanged in ${result.rerunSeconds.toFixed(1)} s = ${result.rerunPostsPerSecond.toFixed(0)} posts/s`,
    );
  } finally {
    await store.close();
    await database.cleanup();
  }
}
figures.peakRssBytes = peakRssBytes();
console.log(`peak RSS ${(((figures.peakRssBytes as number) ?? 0) / 1024 / 1024).toFixed(0)} MB`);
const output = path.join(REPO_ROOT, 'test-output', `bench-import-${posts}.json`);
fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, `${JSON.stringify(figures, null, 2)}\n`);
console.log(`figures: ${path.relative(REPO_ROOT, output)}`);
if (values.keep) console.log(`WXR kept: ${file}`);
else fs.rmSync(dir, { recursive: true, force: true });
