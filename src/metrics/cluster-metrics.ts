import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/**
 * With several server processes (GHAD_WORKERS) the supervisor answers /metrics for all of them:
 * it asks each worker for its registry over the cluster's IPC channel and sums them with its own
 * (the job loop, the outbox, the purges run there) through prom-client's AggregatorRegistry.
 * prom-client's clusterMetrics() cannot add the supervisor's own registry, hence these two
 * messages rather than its.
 */
const METRICS_REQUEST = 'ghad:metrics-request';
const METRICS_ANSWER = 'ghad:metrics';

/** How long the supervisor waits for a worker's metrics; one that has not answered is left out. */
const WORKER_TIMEOUT_MS = 3000;

/** One process's registry as prom-client's getMetricsAsJSON gives it (plain data: it crosses IPC). */
type Metrics = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

interface MetricsRequest {
  type: typeof METRICS_REQUEST;
  id: number;
}

interface MetricsAnswer {
  type: typeof METRICS_ANSWER;
  id: number;
  metrics?: Metrics;
  error?: string;
}

/** In a worker: answers the supervisor's requests with this process's registry. */
export function answerMetricsRequests(registry: Registry): void {
  process.on('message', (message: unknown) => {
    if ((message as MetricsRequest | undefined)?.type !== METRICS_REQUEST) return;
    const { id } = message as MetricsRequest;
    registry.getMetricsAsJSON().then(
      (metrics) => process.send?.({ type: METRICS_ANSWER, id, metrics } satisfies MetricsAnswer),
      (error: unknown) =>
        process.send?.({ type: METRICS_ANSWER, id, error: (error as Error).message } satisfies MetricsAnswer),
    );
  });
}

let nextRequest = 0;

/**
 * In the supervisor: every worker's metrics and `own`, summed (or averaged, or the first,
 * as each family says), in Prometheus' text format.
 */
export async function clusterMetrics(own: Registry): Promise<{ contentType: string; body: string }> {
  const id = nextRequest++;
  const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker?.isConnected());
  const answers = new Promise<Metrics[]>((resolve) => {
    const received: Metrics[] = [];
    let waiting = workers.length;
    const finish = () => {
      clearTimeout(timer);
      cluster.off('message', onMessage);
      resolve(received);
    };
    const onMessage = (_worker: unknown, message: unknown) => {
      const answer = message as MetricsAnswer | undefined;
      if (answer?.type !== METRICS_ANSWER || answer.id !== id) return;
      if (answer.metrics) received.push(answer.metrics);
      if (--waiting === 0) finish();
    };
    const timer = setTimeout(finish, WORKER_TIMEOUT_MS);
    timer.unref();
    cluster.on('message', onMessage);
    if (waiting === 0) finish();
    for (const worker of workers) worker?.send({ type: METRICS_REQUEST, id } satisfies MetricsRequest);
  });
  const [mine, theirs] = await Promise.all([own.getMetricsAsJSON(), answers]);
  const all = AggregatorRegistry.aggregate([mine, ...theirs]);
  return { contentType: all.contentType, body: await all.metrics() };
}
