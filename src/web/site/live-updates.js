// A live coverage's new entries without a reload (views/live-coverage.tsx, site/live-routes.ts).
// The page says which change it shows (data-sequence) and where the change list is
// (data-changes): one cached JSON file per article, asked every few seconds with
// `cache: 'no-cache'` (a 304 while nothing changed). New changes go in at once while the reader
// is at the top of the entries; further down they wait behind «N تحديثات جديدة», so that no text
// moves under the reader's eyes. Without this script a reload shows the same entries.
const list = document.getElementById('live-entries');
const pinnedSlot = document.getElementById('live-pinned');
const button = document.getElementById('live-news');
const POLL_MS = 2000;
/** Past this many changes missed, the list no longer holds them all: the page reloads instead. */
const ARABIC_DIGITS = new Intl.NumberFormat('ar-MA');

if (list && pinnedSlot && button && list.dataset.changes) {
  const url = list.dataset.changes;
  let shown = Number(list.dataset.sequence ?? '0');
  /** The latest answer not yet shown, waiting for the reader to come back up (or press the button). */
  let waiting;
  let stopped = false;

  const entryElement = (html) => {
    const template = document.createElement('template');
    template.innerHTML = html;
    const element = template.content.firstElementChild;
    return element instanceof HTMLLIElement ? element : undefined;
  };
  const inList = (id) => list.querySelector(`li[data-entry="${id}"]`);

  /** An entry in its place, newest first (an unpinned one goes back where its time puts it). */
  const place = (element) => {
    const id = Number(element.dataset.entry);
    const existing = inList(id);
    if (existing) {
      existing.replaceWith(element);
      return;
    }
    for (const item of list.children) {
      if (Number(item.getAttribute('data-entry')) < id) {
        list.insertBefore(element, item);
        return;
      }
    }
    list.append(element);
  };

  const apply = (answer) => {
    for (const change of answer.changes) {
      if (change.sequence <= shown) continue;
      if (change.action === 'deleted') inList(change.entryId)?.remove();
      else if (
        change.html &&
        (change.action === 'added' || change.action === 'edited' || change.action === 'unpinned')
      ) {
        const element = entryElement(change.html);
        if (element && answer.pinned?.id !== change.entryId) place(element);
      }
    }
    // «أبرز الأحداث» as the answer has it (none: gone).
    const keyEvents = document.querySelector('.live__key-events');
    const fresh = answer.keyEvents ? document.createElement('template') : undefined;
    if (fresh) fresh.innerHTML = answer.keyEvents;
    const nav = fresh?.content.firstElementChild;
    if (nav && keyEvents) keyEvents.replaceWith(nav);
    else if (nav) pinnedSlot.before(nav);
    else keyEvents?.remove();
    // The pinned entry as the answer has it, and out of the list.
    const pinned = answer.pinned ? entryElement(answer.pinned.html) : undefined;
    if (pinned) {
      inList(answer.pinned.id)?.remove();
      pinnedSlot.replaceChildren(pinned);
    } else pinnedSlot.replaceChildren();
    document.querySelector('.live__empty')?.remove();
    shown = answer.sequence;
    list.dataset.sequence = String(shown);
    if (answer.ended) {
      const badge = document.querySelector('.live .live-badge');
      if (badge) {
        badge.textContent = 'انتهت';
        badge.classList.add('live-badge--ended');
      }
      stopped = true;
    }
  };

  /** The reader is at the top of the entries when their start is not above the window's top. */
  const atTop = () => list.getBoundingClientRect().top >= 0;

  const offer = (answer) => {
    waiting = answer;
    const count = answer.changes.filter((c) => c.sequence > shown && c.action !== 'started').length;
    button.textContent = count === 1 ? 'تحديث جديد' : `${ARABIC_DIGITS.format(count)} تحديثات جديدة`;
    button.hidden = count === 0;
  };

  const showWaiting = () => {
    if (!waiting) return;
    const answer = waiting;
    waiting = undefined;
    button.hidden = true;
    const first = answer.changes[0];
    if (first && first.sequence > shown + 1) {
      // More changes than the list keeps: the page itself has them all.
      window.location.reload();
      return;
    }
    apply(answer);
  };

  button.addEventListener('click', () => {
    showWaiting();
    list.closest('section')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  });
  window.addEventListener(
    'scroll',
    () => {
      if (waiting && atTop()) showWaiting();
    },
    { passive: true },
  );

  const poll = async () => {
    if (stopped) return;
    try {
      if (!document.hidden) {
        const response = await fetch(url, { cache: 'no-cache', headers: { accept: 'application/json' } });
        if (response.ok) {
          const answer = await response.json();
          if (typeof answer.sequence === 'number' && answer.sequence > shown) {
            offer(answer);
            if (atTop()) showWaiting();
          }
        }
      }
    } catch {
      // A network hiccup: the next poll tries again.
    }
    if (!stopped) setTimeout(poll, POLL_MS);
  };
  setTimeout(poll, POLL_MS);
}
