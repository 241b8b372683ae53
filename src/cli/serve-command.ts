import type { Config } from '../config.ts';
import { openStore } from '../store/store.ts';
import { buildApp } from '../web/app.ts';
import { importDemoWithProgress, printSummary } from './import-command.ts';

/** Starts the newspaper; an empty database first receives the demo content. */
export async function serveCommand(config: Config): Promise<number> {
  const store = await openStore(config);
  if ((await store.articles.countAll()) === 0) {
    console.log(`Empty database (${store.location}): importing the demo newspaper…`);
    const started = performance.now();
    for (const summary of await importDemoWithProgress(store, config)) printSummary(summary);
    console.log(`Demo newspaper imported in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  }

  const app = await buildApp({ config, store, logger: true });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: closing`);
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    await store.close();
    if (code === 'EADDRINUSE') {
      console.error(`Port ${config.port} is already in use: stop the other server or start with PORT=3001.`);
      return 1;
    }
    throw error;
  }
  const address = `http://localhost:${(app.server.address() as { port: number }).port}`;
  console.log(`${config.siteName} is open at ${address} (${store.dialect}: ${store.location})`);
  return new Promise<number>(() => {});
}
