import type { FastifyInstance } from 'fastify';
import { audienceReport, isPeriod } from '../../audience/audience-report.ts';
import type { Section } from '../../content/article.ts';
import type { Store } from '../../store/store.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { sendNewsroomPage } from './newsroom-page.ts';
import { requirePermission, type SignedInRequest } from './signed-in-user.ts';
import { StatsPage } from './views/stats-page.tsx';

/**
 * /newsroom/stats?period=24h|7d|30d: the audience statistics, for the roles the policy lets
 * read them (editors and above). An unknown period shows the default (24 h) rather than an error.
 */
export function registerStatsRoutes(
  app: FastifyInstance,
  { store, context, sections }: { store: Store; context: NewsroomContext; sections: readonly Section[] },
): void {
  app.get('/stats', { preHandler: requirePermission('stats.view') }, async (request, reply) => {
    const asked = (request.query as Record<string, unknown>).period;
    const period = isPeriod(asked) ? asked : '24h';
    // What this server counted in the last seconds is written first, so the page is current.
    await app.audience.flush().catch((error: unknown) => request.log.warn({ err: error }, 'audience flush failed'));
    const report = await audienceReport(store, { period, sections, timeZone: context.timeZone });
    return sendNewsroomPage(
      reply,
      context,
      { title: 'الإحصاءات', user: (request as SignedInRequest).user, current: 'stats' },
      <StatsPage report={report} siteUrl={context.siteUrl} />,
    );
  });
}
