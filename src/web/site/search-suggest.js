// Headline suggestions under the search box while the reader types. The search page works
// without it; this only adds links to matching articles.
const input = document.querySelector('input[data-suggest]');
const list = document.getElementById('search-suggestions');
if (input instanceof HTMLInputElement && list) {
  let timer;
  let controller;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      controller?.abort();
      if ([...q].length < 2) {
        list.replaceChildren();
        return;
      }
      controller = new AbortController();
      try {
        const response = await fetch(`${input.dataset.suggest}?q=${encodeURIComponent(q)}`, {
          signal: controller.signal,
          headers: { accept: 'application/json' },
        });
        if (!response.ok) return;
        const { suggestions } = await response.json();
        list.replaceChildren(
          ...suggestions.map((suggestion) => {
            const item = document.createElement('li');
            const link = document.createElement('a');
            link.href = suggestion.url;
            link.textContent = suggestion.title;
            item.append(link);
            return item;
          }),
        );
      } catch {
        // A newer keystroke aborted this request, or the network failed: keep the old list.
      }
    }, 150);
  });
}
