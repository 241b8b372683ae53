import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { WebhookSender } from '../../jobs/webhook-sender.ts';
import type { Store } from '../../store/store.ts';
import { WebhookError, type WebhookSubscription } from '../../store/webhooks.ts';
import { TEST_EVENT } from '../../webhooks/topics.ts';
import { testEventBody } from '../../webhooks/webhook-body.ts';
import { formField, idParam } from './form-fields.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { sendNewsroomPage } from './newsroom-page.ts';
import { NewsroomHttpError, requireRole, type SignedInRequest, USER_MANAGER_ROLES } from './signed-in-user.ts';
import { type WebhookLogModel, WebhookLogPage, type WebhooksModel, WebhooksPage } from './views/webhooks-page.tsx';

const DONE: Record<string, string> = {
  disabled: 'أوقف الاشتراك: لا تُرسل إليه أحداث جديدة.',
  enabled: 'أعيد تفعيل الاشتراك.',
  deleted: 'حُذف الاشتراك وسجله.',
};

/**
 * Webhook subscriptions, for the owner and administrators: add one (its signing secret shown
 * once), stop or resume it, delete it, read its delivery log and send it a test.
 */
export function registerWebhooksRoutes(
  app: FastifyInstance,
  { store, context }: { store: Store; context: NewsroomContext },
): void {
  const guard = { preHandler: requireRole(...USER_MANAGER_ROLES) };
  // Sends the test at once, within the request; the job loop's sender does every other delivery.
  const sender = new WebhookSender({ store, timeoutMs: 5000 });

  async function sendListPage(
    request: SignedInRequest,
    reply: FastifyReply,
    extra: Partial<Pick<WebhooksModel, 'issued' | 'error' | 'done' | 'draft'>>,
    status = 200,
  ) {
    const subscriptions = await store.webhooks.list();
    return sendNewsroomPage(
      reply,
      context,
      { title: 'إشعارات الويب', user: request.user, current: 'webhooks' },
      (csrfToken) => <WebhooksPage model={{ subscriptions, csrfToken, timeZone: context.timeZone, ...extra }} />,
      status,
    );
  }

  async function sendLogPage(
    request: SignedInRequest,
    reply: FastifyReply,
    subscription: WebhookSubscription,
    extra: Partial<Pick<WebhookLogModel, 'error' | 'done'>>,
  ) {
    const attempts = await store.webhooks.attempts(subscription.id);
    return sendNewsroomPage(
      reply,
      context,
      { title: 'سجل الإرسال', user: request.user, current: 'webhooks' },
      (csrfToken) => (
        <WebhookLogPage model={{ subscription, attempts, csrfToken, timeZone: context.timeZone, ...extra }} />
      ),
    );
  }

  async function target(params: unknown): Promise<WebhookSubscription> {
    const id = idParam(params);
    const subscription = id === undefined ? undefined : await store.webhooks.find(id);
    if (!subscription) {
      throw new NewsroomHttpError(404, 'unknown_webhook', 'There is no such webhook.', 'هذا الاشتراك غير موجود.');
    }
    return subscription;
  }

  app.get('/webhooks', guard, async (request, reply) => {
    const done = DONE[String((request.query as Record<string, unknown>).done)];
    return sendListPage(request as SignedInRequest, reply, done ? { done } : {});
  });

  app.post('/webhooks', guard, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const rawTopics = body.topics;
    const topics = (Array.isArray(rawTopics) ? rawTopics : [rawTopics])
      .filter((t): t is string => typeof t === 'string')
      .slice(0, 10);
    const draft = {
      url: formField(request.body, 'url', 2100),
      description: formField(request.body, 'description', 300),
      topics,
    };
    try {
      const issued = await store.webhooks.subscribe({ ...draft, createdBy: signedIn.user.id });
      return sendListPage(signedIn, reply, { issued }, 201);
    } catch (error) {
      if (error instanceof WebhookError) return sendListPage(signedIn, reply, { error: error.messageAr, draft }, 400);
      throw error;
    }
  });

  app.get('/webhooks/:id', guard, async (request, reply) => {
    const done = DONE[String((request.query as Record<string, unknown>).done)];
    return sendLogPage(request as SignedInRequest, reply, await target(request.params), done ? { done } : {});
  });

  app.post('/webhooks/:id/test', guard, async (request, reply) => {
    const subscription = await target(request.params);
    if (subscription.disabledAt) {
      return sendLogPage(request as SignedInRequest, reply, subscription, {
        error: 'هذا الاشتراك موقوف: أعد تفعيله ثم أرسل الاختبار.',
      });
    }
    const now = new Date();
    const eventId = `test_${randomUUID()}`;
    const delivery = await store.webhooks.enqueue(
      subscription.id,
      { event: TEST_EVENT, eventId, body: testEventBody(eventId, now, context.siteUrl), maxAttempts: 1 },
      now,
    );
    const sent = await sender.sendNow(delivery.id);
    const outcome =
      sent?.status === 'delivered'
        ? { done: `وصل الاختبار (HTTP ${sent.lastStatusCode}).` }
        : { error: `لم يصل الاختبار: ${sent?.lastError ?? 'تعذر الإرسال'}.` };
    return sendLogPage(request as SignedInRequest, reply, subscription, outcome);
  });

  for (const action of ['disable', 'enable'] as const) {
    app.post(`/webhooks/:id/${action}`, guard, async (request, reply) => {
      const subscription = await target(request.params);
      await store.webhooks.setDisabled(subscription.id, action === 'disable');
      return reply.redirect(`/newsroom/webhooks/${subscription.id}?done=${action}d`, 303);
    });
  }

  app.post('/webhooks/:id/delete', guard, async (request, reply) => {
    const subscription = await target(request.params);
    await store.webhooks.remove(subscription.id);
    return reply.redirect('/newsroom/webhooks?done=deleted', 303);
  });
}
