import fs from 'node:fs';
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import type { Config } from '../../src/config.ts';
import type { Block } from '../../src/content/blocks.ts';
import type { NewUser, User } from '../../src/newsroom/accounts.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { testConfig } from '../helpers/config.ts';
import { temporaryDataDir } from '../helpers/databases.ts';
import { importSampleNewspaper } from '../helpers/sample-newspaper.ts';
import { launchChromium, SCREENSHOT_DIR } from './browser.ts';

export interface SiteOptions {
  /** Accounts created before the app is built, in this order. */
  accounts?: readonly NewUser[];
  /** The sample newspaper (test/helpers/sample-newspaper.ts) imported after the accounts. */
  sampleNewspaper?: Parameters<typeof importSampleNewspaper>[1] | true;
  /** Anything else written before the app is built, given the store and the created accounts. */
  seed?: (store: Store, accounts: User[]) => Promise<unknown>;
  /** How often the app polls for purges by other processes, in ms (0, off, unless told). */
  invalidationPollMs?: number;
  /** Config overrides (pageCache and the like). */
  config?: Partial<Config>;
  /**
   * Whether the site's absolute URLs (canonical, feeds, JSON-LD) point at the test server: its
   * port is then reserved before the app is built. Otherwise the app listens on port 0 and keeps
   * the test config's site URL.
   */
  ownSiteUrl?: boolean;
}

/** A site (reader site and newsroom) running on 127.0.0.1 with its store in a temporary data directory, and Chromium. */
export interface NewsroomSite {
  store: Store;
  app: FastifyInstance;
  browser: Browser;
  baseUrl: string;
  /** The configuration the app was built with. */
  config: Config;
  /** Accounts created from `accounts`, in order. */
  accounts: User[];
  /** The ids the sample newspaper wrote, in order (empty without one). */
  sampleIds: number[];
  /** Closes the browser, the server and the store, and removes the data directory. */
  close(): Promise<void>;
}

/**
 * Starts Chromium and the site for a browser suite (call `site?.close()` from `after`). If a
 * step fails, what had started is closed before the error is thrown.
 */
export async function startNewsroomSite(options: SiteOptions = {}): Promise<NewsroomSite> {
  const parts: Partial<NewsroomSite> & { dataDir?: string } = {};
  const close = async (): Promise<void> => {
    await parts.browser?.close();
    await parts.app?.close();
    await parts.store?.close();
    if (parts.dataDir) fs.rmSync(parts.dataDir, { recursive: true, force: true });
  };
  try {
    parts.browser = await launchChromium();
    const dataDir = temporaryDataDir();
    parts.dataDir = dataDir;
    const store = await openStore({ dataDir });
    parts.store = store;
    const { accounts } = newsroomAccounts(store.db);
    const created: User[] = [];
    for (const account of options.accounts ?? []) created.push(await accounts.create(account));
    const sample = options.sampleNewspaper;
    const sampleIds = sample ? await importSampleNewspaper(store, sample === true ? undefined : sample) : [];
    await options.seed?.(store, created);

    const ownSiteUrl = options.ownSiteUrl ?? true;
    const port = ownSiteUrl ? await freePort() : 0;
    const siteUrl = ownSiteUrl ? { siteUrl: `http://127.0.0.1:${port}` } : {};
    const config = testConfig({ dataDir, ...siteUrl, ...options.config });
    const app = await buildApp({
      config,
      store,
      invalidationPollMs: options.invalidationPollMs ?? 0,
    });
    parts.app = app;
    await app.listen({ port, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as net.AddressInfo).port}`;
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    return { store, app, browser: parts.browser, baseUrl, config, accounts: created, sampleIds, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Signs in through the newsroom's form and waits for the newsroom home. */
export async function signIn(page: Page, baseUrl: string, account: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/newsroom/sign-in`);
  await page.getByLabel('البريد الإلكتروني').fill(account.email);
  await page.getByLabel('كلمة المرور').fill(account.password);
  await Promise.all([page.waitForURL(`${baseUrl}/newsroom`), page.getByRole('button', { name: 'دخول' }).click()]);
}

/** A port nobody listens on at the moment (for a site whose own URL must be known before it listens). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * An article of `author`'s in «وطنية» by و.م.ع, published now: its id and its reader path
 * (for a suite's `seed`).
 */
export async function publishArticle(
  store: Store,
  author: User,
  article: { headline: string; body: Block[] },
): Promise<{ id: number; path: string }> {
  const actor = { id: author.id, role: author.role };
  const { id } = await store.newsroomArticles.create(actor, {
    ...article,
    sectionSlug: 'وطنية',
    bylines: [{ name: 'و.م.ع', kind: 'organization' }],
  });
  await store.newsroomArticles.transition(actor, id, { action: 'publish' });
  const published = await store.articles.findById(id, { publishedOnly: true });
  return { id, path: `/article/${id}/${encodeURIComponent(published!.slug)}` };
}
