// The moderation queue's keys (/newsroom/comments): J or N the next comment, K the one before,
// A approve, R reject, B ban its address, X check it for a bulk action. A key presses the
// comment's own button, so the form posts as it would by mouse, and the page comes back with
// the next comment first. Keys are read by their place on the keyboard (event.code), so they
// work the same with an Arabic layout. Without this script the buttons do it all.
(() => {
  const form = document.querySelector('form[data-queue]');
  if (!form) return;
  const items = [...form.querySelectorAll('li[data-comment]')];
  if (items.length === 0) return;
  let at = 0;
  const select = (index) => {
    items[at].classList.remove('is-current');
    items[at].removeAttribute('aria-current');
    at = Math.max(0, Math.min(items.length - 1, index));
    items[at].classList.add('is-current');
    items[at].setAttribute('aria-current', 'true');
    items[at].focus({ preventScroll: false });
  };
  select(0);
  for (const [i, item] of items.entries()) item.addEventListener('click', () => select(i));

  const ACTIONS = { KeyA: 'approve', KeyR: 'reject', KeyB: 'ban' };
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    if (event.target.closest('input:not([type="checkbox"]), textarea, select')) return;
    const item = items[at];
    if (event.code === 'KeyJ' || event.code === 'KeyN') select(at + 1);
    else if (event.code === 'KeyK') select(at - 1);
    else if (event.code === 'KeyX') item.querySelector('input[type="checkbox"]').click();
    else if (ACTIONS[event.code]) {
      const button = item.querySelector(`button[value="${ACTIONS[event.code]}:${item.dataset.comment}"]`);
      if (!button) return;
      item.classList.add('is-deciding');
      form.requestSubmit(button);
    } else return;
    event.preventDefault();
  });
})();
