import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MetricsServerOptions {
  host: string;
  /** 0: a free port chosen at start (tests read it from `address`). */
  port: number;
  /** The metrics in Prometheus' text format: this process's, or every process's in the supervisor. */
  collect: () => Promise<{ contentType: string; body: string }>;
  /** A scrape that failed (answered 500): the caller logs it. */
  onError?: (error: unknown) => void;
}

export interface MetricsServer {
  /** Where it listens, such as http://127.0.0.1:9464/metrics. */
  url: string;
  close(): Promise<void>;
}

/** The listener could not open (the port taken, the address not this machine's): one line to act on. */
export class MetricsServerError extends Error {}

/**
 * Prometheus' scrape target, on its own port (GHAD_METRICS_PORT), apart from the site: only
 * GET /metrics, never cached, never public unless GHAD_METRICS_HOST says so (127.0.0.1 by default).
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: try GET /metrics\n');
      return;
    }
    options.collect().then(
      ({ contentType, body }) => {
        response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        response.end(request.method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        options.onError?.(error);
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        response.end('The metrics could not be collected: see the server log.\n');
      },
    );
  });
  // A scrape every 15 s or so: idle keep-alive connections must not hold the process at exit.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${options.host}:${options.port}`;
      reject(
        new MetricsServerError(
          error.code === 'EADDRINUSE'
            ? `GHAD_METRICS_PORT ${options.port} is already in use on ${options.host}: choose another port.`
            : `Cannot open the metrics listener at ${where} (${error.message}): check GHAD_METRICS_HOST and GHAD_METRICS_PORT.`,
        ),
      );
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The listener GHAD_METRICS_PORT asks for, said on stdout (`Metrics for Prometheus at …`);
 * undefined when the variable is unset. Throws a MetricsServerError when it cannot open.
 */
export async function openConfiguredMetricsServer(
  config: { metricsPort: number | undefined; metricsHost: string },
  collect: MetricsServerOptions['collect'],
  onError: (error: unknown) => void,
): Promise<MetricsServer | undefined> {
  if (config.metricsPort === undefined) return undefined;
  const server = await startMetricsServer({ host: config.metricsHost, port: config.metricsPort, collect, onError });
  console.log(`Metrics for Prometheus at ${server.url}`);
  return server;
}
