// Click-to-load embeds (views/embed-card.tsx): the card's button becomes visible, and a click
// swaps the card for the provider's iframe. The address is the one the server computed
// (data-embed-src); nothing here is built from what an editor pasted.
const FRAME_ORIGINS = [
  'https://www.youtube-nocookie.com/',
  'https://platform.twitter.com/',
  'https://www.facebook.com/',
];

for (const figure of document.querySelectorAll('figure[data-embed-src]')) {
  const card = figure.querySelector('.embed__frame');
  const consent = figure.querySelector('.embed__consent');
  const button = figure.querySelector('.embed__load');
  const { embedSrc: src, embedTitle: title, embedAllow: allow, embedSandbox: sandbox } = figure.dataset;
  if (!card || !consent || !button || !src || !FRAME_ORIGINS.some((origin) => src.startsWith(origin))) continue;
  consent.hidden = false;
  button.addEventListener(
    'click',
    () => {
      const iframe = document.createElement('iframe');
      iframe.className = 'embed__frame';
      iframe.title = title ?? '';
      iframe.loading = 'lazy';
      iframe.referrerPolicy = 'strict-origin-when-cross-origin';
      if (allow) iframe.allow = allow;
      if (sandbox) iframe.setAttribute('sandbox', sandbox);
      iframe.src = src;
      card.replaceWith(iframe);
      figure.classList.add('embed--loaded');
      // The button is gone: keyboard focus moves on to what replaced it.
      iframe.focus();
    },
    { once: true },
  );
}
