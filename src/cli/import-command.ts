import path from 'node:path';
import { parseArgs } from 'node:util';
import { isKnownTimeZone } from '../arabic/dates.ts';
import type { Config } from '../config.ts';
import { importDemo } from '../import/demo.ts';
import { importFeed } from '../import/feed-import.ts';
import { importJson } from '../import/json-import.ts';
import { type ImportSummary, importJsonl } from '../import/jsonl.ts';
import { importWxr, type WxrImportSummary } from '../import/wxr.ts';
import { openMediaStorage } from '../media/media-storage.ts';
import { openStore, type Store } from '../store/store.ts';
import { tagsForChanges } from '../web/cache-tags.ts';
import { progressBar } from './progress.ts';

export const IMPORT_USAGE = `npx ghad import jsonl <file> [--time-zone Africa/Tunis]
    Imports articles from a JSONL file (.jsonl, .jsonl.gz or .jsonl.br), one record a line,
    keyed by each record's "id": running it again changes nothing.
    --time-zone  zone of dates written without an offset (default: GHAD_TIME_ZONE)
npx ghad import wxr <file> [--uploads <dir>] [--time-zone Africa/Casablanca]
    Imports a WordPress export (Tools › Export, WXR): posts with their status, dates, slugs,
    categories (as sections, with their parents), tags, authors, excerpts and featured images;
    keyed by the WordPress post id, so running it again updates and never duplicates.
    Old permalinks answer with a 301 to the article.
    --uploads    the site's wp-content/uploads folder: featured images are copied from it
                 (without it, images stay at their WordPress URLs)
    --time-zone  zone of dates of posts without a GMT date (default: GHAD_TIME_ZONE)
npx ghad import rss <file-or-url> [--publish] [--section <slug>]
    Imports wire copy from an RSS 2.0 or Atom feed, keyed by each entry's guid (or link):
    running it again adds only what is new and updates what changed at the agency, unless
    the newsroom has edited the article since. Entries arrive as drafts for the desk.
    --publish    publish them at once, dated as the feed dates them
    --section    file every entry under this section (default: the entry's category, else متفرقات)
npx ghad import json <file>
    Reads back a file written by "npx ghad export json", keyed by each article's external id.
npx ghad import demo
    Imports the demo newspaper that ships in demo/ (the seed article and both corpora).`;

const FORMATS = ['jsonl', 'wxr', 'rss', 'json', 'demo'];

export async function importCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'time-zone': { type: 'string' },
      uploads: { type: 'string' },
      publish: { type: 'boolean' },
      section: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [format, file] = positionals;
  if (values.help || !format) {
    console.log(IMPORT_USAGE);
    return format ? 0 : 2;
  }
  if (!FORMATS.includes(format)) {
    console.error(`Unknown import format "${format}". Formats: ${FORMATS.join(', ')}.\n\n${IMPORT_USAGE}`);
    return 2;
  }
  if (format !== 'demo' && !file) {
    console.error(`Which file? ${IMPORT_USAGE.split('\n').find((line) => line.includes(`import ${format} `))}`);
    return 2;
  }
  const timeZone = values['time-zone'] ?? config.timeZone;
  if (!isKnownTimeZone(timeZone)) {
    console.error(`--time-zone must be an IANA time zone such as Africa/Tunis, not "${timeZone}".`);
    return 2;
  }

  const store = await openStore(config);
  const storage = await openMediaStorage(config);
  try {
    const summaries: ImportSummary[] = [];
    if (format === 'demo') {
      summaries.push(...(await importDemoWithProgress(store, config)));
    } else if (format === 'wxr') {
      const bar = progressBar(path.basename(file as string));
      const summary = await importWxr(store, file as string, {
        timeZone,
        dataDir: config.dataDir,
        storage,
        ...(values.uploads ? { uploadsDir: values.uploads } : {}),
        onProgress: (p) => bar.update(p.bytesRead, p.bytesTotal),
      });
      bar.stop();
      await store.cacheInvalidations.record(tagsForChanges(summary.changes, config.timeZone));
      printWxrSummary(summary);
      return summary.error ? 1 : 0;
    } else if (format === 'json') {
      const bar = progressBar(path.basename(file as string));
      const summary = await importJson(store, file as string, (p) => bar.update(p.bytesRead, p.bytesTotal));
      bar.stop();
      summaries.push(summary);
    } else if (format === 'rss') {
      const bar = progressBar(path.basename(file as string));
      const summary = await importFeed(store, file as string, {
        status: values.publish ? 'published' : 'draft',
        ...(values.section ? { sectionSlug: values.section } : {}),
        onProgress: (p) => bar.update(p.bytesRead, p.bytesTotal),
      });
      bar.stop();
      await store.cacheInvalidations.record(tagsForChanges(summary.changes, config.timeZone));
      printSummary(summary);
      if (summary.error) console.error(`ghad: ${summary.error}`);
      return summary.error ? 1 : 0;
    } else {
      const bar = progressBar(path.basename(file as string));
      const summary = await importJsonl(store, file as string, {
        timeZone,
        onProgress: (p) => bar.update(p.bytesRead, p.bytesTotal),
      });
      bar.stop();
      summaries.push(summary);
    }
    for (const summary of summaries) {
      await store.cacheInvalidations.record(tagsForChanges(summary.changes, config.timeZone));
      printSummary(summary);
    }
    return 0;
  } finally {
    storage.close();
    await store.close();
  }
}

/** Imports the demo newspaper with a progress bar per file; records the seed's purge. */
export async function importDemoWithProgress(store: Store, config: Config): Promise<ImportSummary[]> {
  const bars = new Map<string, ReturnType<typeof progressBar>>();
  const result = await importDemo(store, (file, progress) => {
    const bar = bars.get(file) ?? progressBar(path.basename(file));
    bars.set(file, bar);
    bar.update(progress.bytesRead, progress.bytesTotal);
  });
  for (const bar of bars.values()) bar.stop();
  await store.cacheInvalidations.record(tagsForChanges(result.seed, config.timeZone));
  return result.corpora;
}

export function printSummary(summary: ImportSummary): void {
  const { imported, updated, unchanged, skipped, warnings } = summary;
  console.log(
    `${path.basename(summary.file)}: ${imported} imported, ${updated} updated, ${unchanged} unchanged, ${skipped.length} skipped (${summary.seconds.toFixed(1)} s)`,
  );
  for (const s of skipped.slice(0, 50)) console.log(`  skipped line ${s.line}: ${s.reason}`);
  if (skipped.length > 50) console.log(`  … and ${skipped.length - 50} more skipped lines`);
  for (const w of warnings.slice(0, 20)) console.log(`  note, line ${w.line}: ${w.message}`);
  if (warnings.length > 20) console.log(`  … and ${warnings.length - 20} more notes`);
  const { nearCopies } = summary;
  if (nearCopies.length > 0) {
    console.log(`  ${nearCopies.length} near-copies (the same dispatch twice; /newsroom/articles/<id> opens each):`);
    for (const pair of nearCopies.slice(0, 20)) {
      console.log(`    article ${pair.articleId} ≈ article ${pair.copyId} (${Math.round(pair.similarity * 100)}%)`);
    }
    if (nearCopies.length > 20) console.log(`    … and ${nearCopies.length - 20} more`);
  }
}

/** The WXR import's summary: the counts, then what was created, skipped and noted. */
export function printWxrSummary(summary: WxrImportSummary): void {
  printSummary(summary);
  const { sections, images } = summary;
  console.log(
    `  sections: ${sections.created.length} created${sections.created.length ? ` (${sections.created.join('، ')})` : ''}, ${sections.existing.length} already there; ${summary.tags} tags; ${summary.authors} authors`,
  );
  console.log(
    `  featured images: ${images.copied} copied, ${images.linked} kept at their URL; images in texts: ${images.bodyCopied} copied, ${images.bodyLinked} kept at their URL; ${summary.redirects} old addresses redirect`,
  );
  if (summary.comments > 0) console.log(`  ${summary.comments} comments were not imported (Ghad has no comments)`);
  if (summary.error) console.error(`ghad: ${summary.error}`);
}
