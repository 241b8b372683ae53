/**
 * An article's old address (a WordPress permalink or short link) as the key it is kept and
 * looked up under: the path and query, percent-decoded, without a trailing slash. Browsers and
 * WordPress percent-encode Arabic in different letter cases (%D8 / %d8); both give one key.
 * Returns undefined for what is not a URL or path.
 */
export function oldAddressKey(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address, 'http://old.invalid');
  } catch {
    return undefined;
  }
  let path = decodeLeniently(url.pathname);
  if (path.length > 1) path = path.replace(/\/+$/, '') || '/';
  const query = url.search.length > 1 ? `?${decodeLeniently(url.search.slice(1))}` : '';
  const key = `${path}${query}`;
  return key === '/' ? undefined : key;
}

/** decodeURIComponent per %XX run, leaving sequences that are not UTF-8 as they were. */
function decodeLeniently(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}
