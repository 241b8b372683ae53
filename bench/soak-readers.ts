/**
 * The reader load of bench:soak, in its own process so that autocannon's busy event loop does
 * not delay the searches and publishes the benchmark times: autocannon cycles through the
 * given pages and this process sends the parent, every second, the response times (2xx/3xx)
 * and the failures (other statuses, socket errors, timeouts) seen since the last message.
 * Started by bench/soak.ts with fork(); stops on the parent's "stop" message or at `seconds`.
 */
import autocannon from 'autocannon';

export interface ReaderLoadOptions {
  origin: string;
  paths: string[];
  connections: number;
  /** Requests per second over all connections; 0: as fast as the connections go. */
  rate: number;
  seconds: number;
  headers: Record<string, string>;
}

/** What the reader process sends its parent. */
export type ReaderMessage =
  | { type: 'batch'; latenciesMs: number[]; failures: number; failureKinds: Record<string, number> }
  | { type: 'done'; requests: number; errors: number; timeouts: number; non2xx: number };

const send = (message: ReaderMessage) => process.send?.(message);

function main(): void {
  const options = JSON.parse(process.argv[2] ?? '{}') as ReaderLoadOptions;
  let latencies: number[] = [];
  let failures = 0;
  let failureKinds: Record<string, number> = {};
  const fail = (kind: string) => {
    failures++;
    failureKinds[kind] = (failureKinds[kind] ?? 0) + 1;
  };
  const flush = () => {
    send({ type: 'batch', latenciesMs: latencies, failures, failureKinds });
    latencies = [];
    failures = 0;
    failureKinds = {};
  };
  const instance = autocannon({
    url: options.origin,
    connections: options.connections,
    ...(options.rate > 0 ? { overallRate: options.rate } : {}),
    duration: options.seconds,
    pipelining: 1,
    timeout: 10,
    requests: options.paths.map((path) => ({ method: 'GET', path, headers: options.headers })),
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 400) latencies.push(responseTime);
    else fail(`HTTP ${statusCode}`);
  });
  instance.on('reqError', (error: Error) => fail(error.message || 'socket error'));
  const timer = setInterval(flush, 1000);
  process.on('message', (message) => {
    if (message === 'stop') instance.stop();
  });
  instance.then((result) => {
    clearInterval(timer);
    flush();
    send({
      type: 'done',
      requests: result.requests.total,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
    });
    process.disconnect?.();
  });
}

main();
