import autocannon from 'autocannon';

/** What one autocannon run measured. */
export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  completed: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  durationSeconds: number;
  bytesPerSecond: number;
  /** CPU time the server process used per completed request, in µs (NaN when unknown). */
  serverCpuUsPerRequest: number;
  /** CPU the load generator (this process) used, as a share of one core: near 1, it is the limit. */
  loadGeneratorCpuShare: number;
}

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
}

/**
 * Loads `origin` with autocannon from this process: every connection cycles through `paths`
 * (one path: the same page again and again; many: a different page per request).
 * `serverCpuSeconds` reads the server's CPU clock, for the CPU time per request.
 */
export async function runLoad(
  origin: string,
  paths: readonly string[],
  options: LoadOptions,
  serverCpuSeconds: () => number = () => Number.NaN,
): Promise<LoadFigures> {
  const headers = options.headers ?? {};
  const cpuBefore = serverCpuSeconds();
  const ownCpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: origin,
    connections: options.connections,
    duration: options.durationSeconds,
    pipelining: 1,
    timeout: 10,
    requests: paths.map((path) => ({ method: 'GET', path, headers })),
  });
  const serverCpu = serverCpuSeconds() - cpuBefore;
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = count;
  return {
    // Completed requests over the run's length: autocannon's per-second average is binned (3 digits).
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    meanMs: result.latency.mean,
    completed: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    durationSeconds: result.duration,
    bytesPerSecond: result.throughput.average,
    serverCpuUsPerRequest: (serverCpu * 1e6) / result.requests.total,
    loadGeneratorCpuShare: (ownCpu.user + ownCpu.system) / 1e6 / result.duration,
  };
}
