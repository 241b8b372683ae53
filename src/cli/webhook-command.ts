import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { openStore } from '../store/store.ts';
import { WebhookError } from '../store/webhooks.ts';
import { WEBHOOK_TOPICS } from '../webhooks/topics.ts';

export const WEBHOOK_USAGE = `npx ghad webhook add --url <url> [--topics ${WEBHOOK_TOPICS.join(',')}] [--description <text>]
    Subscribes a URL to events (every topic by default: the four article events, and
    entity.merged / entity.split when editors merge or split names) and prints its signing
    secret once.
npx ghad webhook list
    Lists the subscriptions with their pending and failed deliveries.
npx ghad webhook remove <id>
    Removes a subscription with its deliveries and log.`;

export async function webhookCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      topics: { type: 'string' },
      description: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [action, argument] = positionals;
  if (values.help || !action) {
    console.log(WEBHOOK_USAGE);
    return action ? 0 : 2;
  }
  if (!['add', 'list', 'remove'].includes(action)) {
    console.error(`Unknown webhook command "${action}". Commands: add, list, remove.\n\n${WEBHOOK_USAGE}`);
    return 2;
  }
  if (action === 'add' && !values.url) {
    console.error(`ghad webhook add needs --url.\n\n${WEBHOOK_USAGE}`);
    return 2;
  }
  if (action === 'remove' && (!argument || !/^[1-9]\d{0,9}$/.test(argument))) {
    console.error(`ghad webhook remove needs the subscription's id (see ghad webhook list).\n\n${WEBHOOK_USAGE}`);
    return 2;
  }
  const store = await openStore(config);
  try {
    if (action === 'add') {
      const topics = values.topics ? values.topics.split(',').map((t) => t.trim()) : [...WEBHOOK_TOPICS];
      const { subscription, secret } = await store.webhooks.subscribe({
        url: values.url as string,
        topics,
        ...(values.description ? { description: values.description } : {}),
      });
      console.log(
        `Subscribed ${subscription.url} (id ${subscription.id}) to ${subscription.topics.join(', ')}.\n` +
          `Its signing secret, shown only now (check Ghad-Signature with it):\n\n${secret}\n`,
      );
      return 0;
    }
    if (action === 'remove') {
      await store.webhooks.remove(Number(argument));
      console.log(`Removed webhook ${argument} with its deliveries and log.`);
      return 0;
    }
    const subscriptions = await store.webhooks.list();
    if (subscriptions.length === 0) {
      console.log('No webhooks yet: add one with `npx ghad webhook add --url <url>` or in the newsroom.');
      return 0;
    }
    for (const s of subscriptions) {
      const last = s.lastAttempt
        ? `last ${s.lastAttempt.ok ? 'ok' : 'failed'}${s.lastAttempt.statusCode ? ` (${s.lastAttempt.statusCode})` : ''} ${s.lastAttempt.at.toISOString()}`
        : 'nothing sent yet';
      console.log(
        `${s.id}  ${s.disabledAt ? 'disabled' : 'active'}  ${s.url}  [${s.topics.join(', ')}]  ${s.pending} pending, ${s.failed} failed, ${last}`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof WebhookError) {
      console.error(`ghad: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}
