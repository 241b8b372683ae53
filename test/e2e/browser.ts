import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install -y chromium); the tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the screenshots go: test-output/screenshots at the repository root (gitignored). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

export function chromiumInstalled(): boolean {
  return fs.existsSync(CHROMIUM_PATH);
}

/**
 * The `skip` option for a browser suite: skipped on a developer's machine without Chromium,
 * run (and failed by `launchChromium`) in CI, where a missing browser is a broken setup.
 */
export function browserSuiteSkip(): string | false {
  if (chromiumInstalled() || process.env.CI) return false;
  return 'chromium not installed: apt-get install -y chromium';
}

/** Headless Chromium on a fresh profile. */
export async function launchChromium(): Promise<Browser> {
  if (!chromiumInstalled()) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: the browser tests need it (apt-get install -y chromium).`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS });
}

/**
 * Everything that went wrong while a page was open: console errors, uncaught exceptions,
 * failed requests and responses with status >= 400 (except those the test expects).
 */
export class PageProblems {
  readonly problems: string[] = [];
  private readonly expected = new Set<string>();

  /** Starts listening on a page; call before the first navigation. */
  watch(page: Page): Page {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // Chromium also logs the expected error response itself ("Failed to load resource: … 404").
      const expectedResponse = [...this.expected].some(
        (key) =>
          key.endsWith(` ${message.location().url}`) && message.text().includes(`status of ${key.split(' ')[0]}`),
      );
      if (!expectedResponse) this.problems.push(`console error on ${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.problems.push(`uncaught exception on ${page.url()}: ${error.message}`));
    page.on('requestfailed', (request) => {
      const reason = request.failure()?.errorText;
      // A click that leaves the page cancels what it was still fetching (fonts, favicon):
      // the browser's doing, not a failure. Server errors still show up in the server's log.
      if (reason === 'net::ERR_ABORTED') return;
      this.problems.push(`request failed: ${request.method()} ${request.url()} (${reason})`);
    });
    page.on('response', (response) => {
      const key = `${response.status()} ${response.url()}`;
      if (response.status() >= 400 && !this.expected.has(key)) this.problems.push(`HTTP ${key}`);
    });
    return page;
  }

  /** A response the test asks for on purpose, such as the 404 page. */
  expect(status: number, url: string): void {
    this.expected.add(`${status} ${url}`);
  }
}

/** Relative luminance (WCAG) of a computed CSS colour such as "rgb(18, 19, 22)". */
export function luminance(cssColor: string): number {
  const match = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(cssColor);
  if (!match) throw new Error(`not an rgb() colour: ${cssColor}`);
  const [r, g, b] = match.slice(1, 4).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
