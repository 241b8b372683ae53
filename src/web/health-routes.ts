import type { FastifyInstance } from 'fastify';
import type { Readiness } from './readiness.ts';

/**
 * What a load balancer, an orchestrator or a person asks a server:
 * - `GET /healthz`: is the process alive? Always 200 while it answers; reads nothing.
 * - `GET /readyz`: should it take readers? 200 when every readiness check passes, else 503
 *   with each reason in plain words.
 * Never cached (by the page cache, Varnish or a CDN), never rate limited, and logged only
 * from warnings up: probes every few seconds would drown the log.
 */
export function registerHealthRoutes(app: FastifyInstance, readiness: Readiness): void {
  const options = { logLevel: 'warn', config: { rateLimit: false } } as const;
  app.get('/healthz', options, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );
  app.get('/readyz', options, async (_request, reply) => {
    const { ready, reasons } = await readiness.check();
    reply.header('cache-control', 'no-store');
    return ready ? reply.send({ status: 'ready' }) : reply.code(503).send({ status: 'unready', reasons });
  });
}
