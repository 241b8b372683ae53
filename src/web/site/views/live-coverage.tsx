import { renderToString } from 'preact-render-to-string';
import { formatClockTime, formatMoroccanShortDate } from '../../../arabic/dates.ts';
import { entryAnchor, entryLabel, type LiveCoverage, type LiveEntry } from '../../../live/live-entry.ts';
import { BidiText } from '../../bidi-text.tsx';
import { BodyBlocks } from './body-blocks.tsx';

export interface LiveCoverageModel {
  coverage: LiveCoverage;
  /** The article's canonical path (pages and key events link under it). */
  path: string;
  pinned: LiveEntry | undefined;
  entries: LiveEntry[];
  total: number;
  page: number;
  pages: number;
  keyEvents: { entry: LiveEntry; page: number }[];
  /** The change list the page's script polls (only page 1 of a coverage still going). */
  changesUrl: string;
}

/** One entry as the page shows it, and as the change list carries it (the same HTML). */
export function LiveEntryItem({ entry, timeZone }: { entry: LiveEntry; timeZone: string }) {
  return (
    <li
      class={`live-entry${entry.keyEvent ? ' live-entry--key' : ''}${entry.pinned ? ' live-entry--pinned' : ''}`}
      id={entryAnchor(entry.id)}
      data-entry={entry.id}
    >
      <p class="live-entry__time">
        <time dateTime={entry.createdAt.toISOString()}>
          <span class="live-entry__clock">{formatClockTime(entry.createdAt, timeZone)}</span>{' '}
          <span class="live-entry__day">{formatMoroccanShortDate(entry.createdAt, timeZone)}</span>
        </time>
        {entry.pinned && <span class="live-entry__flag">مثبّت</span>}
        {entry.keyEvent && <span class="live-entry__flag live-entry__flag--key">من أبرز الأحداث</span>}
        {entry.version > 1 && <span class="live-entry__edited">عُدّل</span>}
      </p>
      {entry.title && (
        <h3 class="live-entry__title">
          <BidiText text={entry.title} />
        </h3>
      )}
      <div class="live-entry__body">
        <BodyBlocks blocks={entry.body} embeds="cards" />
      </div>
    </li>
  );
}

/** An entry's HTML for the change list (escaped by Preact like the page). */
export function liveEntryHtml(entry: LiveEntry, timeZone: string): string {
  return renderToString(<LiveEntryItem entry={entry} timeZone={timeZone} />);
}

/**
 * The live coverage under the article's lead: «مباشر» (or the end), the key events
 * («أبرز الأحداث») linking into the page, the pinned entry on top, the entries newest first,
 * 20 a page with «تحديثات أقدم». On page 1 of a coverage still going, live-updates.js polls the
 * change list and adds what is new; without a script a reload shows it.
 */
export function LiveCoverageBlock({ model, timeZone }: { model: LiveCoverageModel; timeZone: string }) {
  const { coverage } = model;
  const going = coverage.endedAt === null;
  const pagePath = (page: number) => (page === 1 ? model.path : `${model.path}?page=${page}`);
  const watching = going && model.page === 1;
  return (
    <section class="live" aria-labelledby="live-title" id="live">
      <header class="live__head">
        <h2 class="section-title" id="live-title">
          <span>
            {going ? <span class="live-badge">مباشر</span> : <span class="live-badge live-badge--ended">انتهت</span>}{' '}
            التغطية المباشرة
          </span>
        </h2>
        <p class="live__since">
          بدأت {formatMoroccanShortDate(coverage.startedAt, timeZone)} على الساعة{' '}
          {formatClockTime(coverage.startedAt, timeZone)}
          {coverage.endedAt &&
            ` وانتهت ${formatMoroccanShortDate(coverage.endedAt, timeZone)} على الساعة ${formatClockTime(coverage.endedAt, timeZone)}`}
        </p>
      </header>
      <KeyEvents keyEvents={model.keyEvents} page={model.page} pagePath={pagePath} timeZone={timeZone} />
      <ol class="live__pinned" id="live-pinned" aria-label="التحديث المثبّت">
        {model.pinned && <LiveEntryItem entry={model.pinned} timeZone={timeZone} />}
      </ol>
      {watching && (
        <p class="live__news" aria-live="polite">
          <button type="button" class="live__news-button" id="live-news" hidden>
            تحديثات جديدة
          </button>
        </p>
      )}
      <ol
        class="live__entries"
        id="live-entries"
        aria-label="التحديثات، الأحدث أولا"
        {...(watching ? { 'data-changes': model.changesUrl, 'data-sequence': String(coverage.sequence) } : {})}
      >
        {model.entries.map((entry) => (
          <LiveEntryItem key={entry.id} entry={entry} timeZone={timeZone} />
        ))}
      </ol>
      {model.entries.length === 0 && !model.pinned && <p class="live__empty">لا تحديثات بعد: تابعونا.</p>}
      {model.pages > 1 && (
        <nav class="live__pages" aria-label="صفحات التحديثات">
          {model.page > 1 && (
            <a href={`${pagePath(model.page - 1)}#live`} rel="prev">
              تحديثات أحدث
            </a>
          )}
          <span>
            {model.page} / {model.pages}
          </span>
          {model.page < model.pages && (
            <a href={`${pagePath(model.page + 1)}#live`} rel="next">
              تحديثات أقدم
            </a>
          )}
        </nav>
      )}
    </section>
  );
}

/** «أبرز الأحداث»: the key events, newest first, each linking to its entry (on its page). */
export function KeyEvents({
  keyEvents,
  page,
  pagePath,
  timeZone,
}: {
  keyEvents: readonly { entry: LiveEntry; page: number }[];
  page: number;
  pagePath: (page: number) => string;
  timeZone: string;
}) {
  if (keyEvents.length === 0) return null;
  return (
    <nav class="live__key-events" aria-labelledby="key-events-title">
      <h3 id="key-events-title">أبرز الأحداث</h3>
      <ol>
        {keyEvents.map(({ entry, page: on }) => (
          <li key={entry.id}>
            <a href={`${on === page ? '' : pagePath(on)}#${entryAnchor(entry.id)}`}>
              <span class="live__key-time">{formatClockTime(entry.createdAt, timeZone)}</span>{' '}
              <BidiText text={entryLabel(entry)} />
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The key events as page 1 shows them, for the change list ('' when there are none). */
export function keyEventsHtml(
  keyEvents: readonly { entry: LiveEntry; page: number }[],
  path: string,
  timeZone: string,
): string {
  return renderToString(
    <KeyEvents
      keyEvents={keyEvents}
      page={1}
      pagePath={(page) => (page === 1 ? path : `${path}?page=${page}`)}
      timeZone={timeZone}
    />,
  );
}
