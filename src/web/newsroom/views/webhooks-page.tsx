import type { WebhookAttempt, WebhookSubscription, WebhookSubscriptionEntry } from '../../../store/webhooks.ts';
import { WEBHOOK_TOPIC_NAMES, WEBHOOK_TOPICS } from '../../../webhooks/topics.ts';
import { CsrfField } from './csrf-field.tsx';
import { NewsroomTime } from './newsroom-time.tsx';
import { Notice } from './notice.tsx';

export interface WebhooksModel {
  subscriptions: WebhookSubscriptionEntry[];
  csrfToken: string;
  timeZone: string;
  /** A subscription just made, with its secret (shown once). */
  issued?: { subscription: WebhookSubscription; secret: string } | undefined;
  error?: string | undefined;
  done?: string | undefined;
  draft?: { url: string; description: string; topics: string[] } | undefined;
}

const topicName = (topic: string) => WEBHOOK_TOPIC_NAMES[topic as keyof typeof WEBHOOK_TOPIC_NAMES] ?? topic;

/** Webhook subscriptions: the list, and the form to add one. */
export function WebhooksPage({ model }: { model: WebhooksModel }) {
  const draft = model.draft ?? { url: '', description: '', topics: [...WEBHOOK_TOPICS] };
  return (
    <>
      <section class="panel" aria-labelledby="webhooks-title">
        <h1 id="webhooks-title">إشعارات الويب (Webhooks)</h1>
        <p class="hint">
          يرسل الموقع إلى كل عنوان مشترك طلب POST بصيغة JSON عند نشر مقال أو تعديله أو إلغاء نشره أو تصحيحه، موقّعا
          بالترويسة <code dir="ltr">Ghad-Signature: t=…,v1=…</code> (HMAC-SHA256 للنص <code dir="ltr">t.body</code>{' '}
          بالسر). يُعاد الإرسال الفاشل بفواصل متزايدة حتى عشر مرات.
        </p>
        <Notice kind="done">{model.done}</Notice>
        <Notice kind="error">{model.error}</Notice>
        {model.issued && (
          <div class="notice notice--done issued" role="status">
            <p>أضيف الاشتراك. هذا سر التوقيع، انسخه الآن إلى النظام المستقبِل فلن يظهر مرة أخرى:</p>
            <p>
              <input
                class="issued__url"
                type="text"
                dir="ltr"
                readOnly
                value={model.issued.secret}
                aria-label="سر التوقيع"
              />
            </p>
          </div>
        )}
        {model.subscriptions.length === 0 ? (
          <p>لا توجد اشتراكات بعد.</p>
        ) : (
          <table class="users">
            <thead>
              <tr>
                <th scope="col">العنوان</th>
                <th scope="col">الأحداث</th>
                <th scope="col">آخر محاولة</th>
                <th scope="col">الحالة</th>
                <th scope="col">إجراءات</th>
              </tr>
            </thead>
            <tbody>
              {model.subscriptions.map((s) => (
                <tr key={s.id} class={s.disabledAt ? 'is-disabled' : undefined}>
                  <td>
                    <a href={`/newsroom/webhooks/${s.id}`} dir="ltr">
                      {s.url}
                    </a>
                    {s.description && (
                      <>
                        <br />
                        <small>{s.description}</small>
                      </>
                    )}
                  </td>
                  <td>{s.topics.map(topicName).join('، ')}</td>
                  <td>
                    {s.lastAttempt ? (
                      <>
                        {s.lastAttempt.ok ? 'نجحت' : 'فشلت'}{' '}
                        {s.lastAttempt.statusCode !== null && <span dir="ltr">({s.lastAttempt.statusCode})</span>}
                        <br />
                        <small>
                          <NewsroomTime date={s.lastAttempt.at} timeZone={model.timeZone} />
                        </small>
                      </>
                    ) : (
                      'لا شيء بعد'
                    )}
                  </td>
                  <td>
                    {s.disabledAt ? 'موقوف' : 'نشط'}
                    {s.pending > 0 && <small> · {s.pending} في الانتظار</small>}
                    {s.failed > 0 && <small> · {s.failed} فشلت نهائيا</small>}
                  </td>
                  <td class="actions">
                    <a href={`/newsroom/webhooks/${s.id}`}>السجل</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section class="panel" aria-labelledby="new-webhook-title">
        <h2 id="new-webhook-title">اشتراك جديد</h2>
        <form method="post" action="/newsroom/webhooks" class="form">
          <CsrfField token={model.csrfToken} />
          <label for="webhook-url">عنوان الاستقبال</label>
          <input
            id="webhook-url"
            name="url"
            type="url"
            dir="ltr"
            required
            maxLength={2000}
            placeholder="https://partner.example/ghad"
            value={draft.url}
          />
          <label for="webhook-description">وصف (اختياري)</label>
          <input
            id="webhook-description"
            name="description"
            type="text"
            dir="auto"
            maxLength={200}
            value={draft.description}
          />
          <fieldset class="checks">
            <legend>الأحداث</legend>
            {WEBHOOK_TOPICS.map((topic) => (
              <label key={topic}>
                <input type="checkbox" name="topics" value={topic} checked={draft.topics.includes(topic)} />{' '}
                {WEBHOOK_TOPIC_NAMES[topic]} <code dir="ltr">{topic}</code>
              </label>
            ))}
          </fieldset>
          <button type="submit">إضافة الاشتراك</button>
        </form>
      </section>
    </>
  );
}

export interface WebhookLogModel {
  subscription: WebhookSubscription;
  attempts: WebhookAttempt[];
  csrfToken: string;
  timeZone: string;
  error?: string | undefined;
  done?: string | undefined;
}

/** One subscription: its settings, the "send test" button and the log of its deliveries. */
export function WebhookLogPage({ model }: { model: WebhookLogModel }) {
  const { subscription: s } = model;
  return (
    <>
      <section class="panel" aria-labelledby="webhook-title">
        <h1 id="webhook-title">
          اشتراك <span dir="ltr">{s.url}</span>
        </h1>
        <Notice kind="done">{model.done}</Notice>
        <Notice kind="error">{model.error}</Notice>
        <dl class="facts">
          <dt>الأحداث</dt>
          <dd>{s.topics.map(topicName).join('، ')}</dd>
          <dt>الوصف</dt>
          <dd>{s.description || '—'}</dd>
          <dt>أضيف</dt>
          <dd>
            <NewsroomTime date={s.createdAt} timeZone={model.timeZone} />
          </dd>
          <dt>الحالة</dt>
          <dd>{s.disabledAt ? 'موقوف: لا تُرسل إليه أحداث جديدة' : 'نشط'}</dd>
        </dl>
        <div class="actions">
          <form method="post" action={`/newsroom/webhooks/${s.id}/test`}>
            <CsrfField token={model.csrfToken} />
            <button type="submit">إرسال اختبار</button>
          </form>
          <form method="post" action={`/newsroom/webhooks/${s.id}/${s.disabledAt ? 'enable' : 'disable'}`}>
            <CsrfField token={model.csrfToken} />
            <button type="submit">{s.disabledAt ? 'إعادة التفعيل' : 'إيقاف'}</button>
          </form>
          <form method="post" action={`/newsroom/webhooks/${s.id}/delete`}>
            <CsrfField token={model.csrfToken} />
            <button type="submit" class="button--danger">
              حذف الاشتراك وسجله
            </button>
          </form>
        </div>
      </section>

      <section class="panel" aria-labelledby="log-title">
        <h2 id="log-title">سجل الإرسال</h2>
        {model.attempts.length === 0 ? (
          <p>لم يُرسل شيء بعد.</p>
        ) : (
          <table class="users">
            <thead>
              <tr>
                <th scope="col">الوقت</th>
                <th scope="col">الحدث</th>
                <th scope="col">المحاولة</th>
                <th scope="col">النتيجة</th>
                <th scope="col">المدة</th>
              </tr>
            </thead>
            <tbody>
              {model.attempts.map((a) => (
                <tr key={a.id}>
                  <td>
                    <NewsroomTime date={a.startedAt} timeZone={model.timeZone} />
                  </td>
                  <td>
                    {topicName(a.event)}
                    <br />
                    <small dir="ltr">{a.eventId}</small>
                  </td>
                  <td>{a.attempt}</td>
                  <td>
                    <span class={a.ok ? 'outcome outcome--ok' : 'outcome outcome--failed'}>
                      {a.ok ? 'نجحت' : 'فشلت'}
                    </span>
                    {a.statusCode !== null && <span dir="ltr"> HTTP {a.statusCode}</span>}
                    {a.error && !a.ok && (
                      <>
                        <br />
                        <small dir="ltr">{a.error}</small>
                      </>
                    )}
                    {a.nextAttemptAt && !a.ok && (
                      <>
                        <br />
                        <small>
                          المحاولة التالية: <NewsroomTime date={a.nextAttemptAt} timeZone={model.timeZone} />
                        </small>
                      </>
                    )}
                  </td>
                  <td dir="ltr">{a.durationMs} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
