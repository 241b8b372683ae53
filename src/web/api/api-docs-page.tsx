import { renderToString } from 'preact-render-to-string';
import type { SiteContext } from '../site/site-context.ts';

/** The parts of an OpenAPI 3.1 document the reference page shows. */
interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

interface Operation {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string }>;
}

interface Schema {
  type?: string | string[];
  $ref?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  default?: unknown;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Whether anonymous calls are refused: every security requirement names a scheme (none is `{}`). */
function needsToken(operation: Operation): boolean {
  const requirements = operation.security ?? [];
  return requirements.length > 0 && requirements.every((requirement) => Object.keys(requirement as object).length > 0);
}

const TAG_NAMES: Record<string, string> = {
  content: 'المحتوى المنشور',
  search: 'البحث',
  admin: 'الإدارة (الكتابة)',
  meta: 'التوثيق',
};

/**
 * The API reference as one server-rendered page, generated from the OpenAPI document: an
 * Arabic introduction (right to left), then every operation with its parameters, body and
 * answers (left to right, as code is read). No script, nothing from another site.
 */
export function renderApiDocs(document: OpenApiDocument, site: SiteContext): string {
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method] as Operation })),
  );
  const groups = (document.tags ?? []).map((tag) => ({
    tag,
    operations: operations.filter(({ operation }) => operation.tags?.includes(tag.name)),
  }));
  return `<!doctype html>${renderToString(
    <html lang="ar" dir="rtl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`مرجع واجهة البرمجة — ${site.name}`}</title>
        <link rel="icon" href={site.assets.favicon} type="image/svg+xml" />
        {/* As written: escaped text would turn its quotes into &quot;, and its hash is in the page's policy. */}
        <style dangerouslySetInnerHTML={{ __html: API_DOCS_STYLE }} />
      </head>
      <body>
        <main>
          <h1>مرجع واجهة البرمجة (API) — {site.name}</h1>
          <section class="intro">
            <p>
              تتيح هذه الواجهة قراءة المقالات المنشورة وأقسامها ووسومها وكتّابها والبحث فيها بصيغة JSON، وتتيح لغرفة
              الأخبار كتابة المقالات ونقلها بين مراحل التحرير.
            </p>
            <ul>
              <li>
                القراءة متاحة للجميع بحد أقصى للطلبات في الدقيقة لكل عنوان. يرفع <strong>مفتاح القراءة</strong> هذا الحد
                ويعرّف بالشريك: أرسله في الترويسة <code dir="ltr">Authorization: Bearer ghad_c_…</code>.
              </li>
              <li>
                الكتابة تتطلب <strong>مفتاح إدارة</strong> <code dir="ltr">ghad_a_…</code> يعمل باسم مستخدم من غرفة
                الأخبار وبصلاحيات دوره نفسها. تُصدر المفاتيح وتُلغى في غرفة الأخبار (صفحة «المفاتيح») أو بالأمر{' '}
                <code dir="ltr">npx ghad token create</code>.
              </li>
              <li>
                الأخطاء كلها بصيغة واحدة: رمز ثابت ورسالة بالإنجليزية وأخرى بالعربية، والحقل المعني إن وُجد:
                <pre dir="ltr">{'{"error": {"code": "…", "message": "…", "messageAr": "…", "field": "…"}}'}</pre>
              </li>
              <li>
                القوائم مقسمة إلى صفحات بمؤشر: مرّر قيمة <code dir="ltr">nextCursor</code> في المعامل{' '}
                <code dir="ltr">cursor</code> لتحصل على الصفحة التالية. الأجوبة تحمل <code dir="ltr">ETag</code>؛ أرسل{' '}
                <code dir="ltr">If-None-Match</code> لتحصل على 304 إن لم يتغير شيء.
              </li>
              <li>
                الوثيقة الآلية:{' '}
                <a href="/api/v1/openapi.json" dir="ltr">
                  /api/v1/openapi.json
                </a>{' '}
                (OpenAPI 3.1).
              </li>
            </ul>
          </section>
          {groups.map(({ tag, operations: list }) => (
            <section key={tag.name} class="group">
              <h2>
                {TAG_NAMES[tag.name] ?? tag.name} <span dir="ltr">({tag.name})</span>
              </h2>
              {tag.description && (
                <p dir="ltr" class="ltr">
                  {tag.description}
                </p>
              )}
              {list.map(({ path, method, operation }) => (
                <article key={`${method} ${path}`} class="operation" dir="ltr" id={`${method}-${path}`}>
                  <h3>
                    <span class={`method method--${method}`}>{method.toUpperCase()}</span> <code>{path}</code>
                    {needsToken(operation) && <span class="badge">admin token</span>}
                  </h3>
                  {operation.summary && <p>{operation.summary}</p>}
                  {operation.parameters && operation.parameters.length > 0 && (
                    <table>
                      <thead>
                        <tr>
                          <th>Parameter</th>
                          <th>In</th>
                          <th>Type</th>
                          <th>Description</th>
                        </tr>
                      </thead>
                      <tbody>
                        {operation.parameters.map((p) => (
                          <tr key={`${p.in}-${p.name}`}>
                            <td>
                              <code>{p.name}</code>
                              {p.required ? ' *' : ''}
                            </td>
                            <td>{p.in}</td>
                            <td>{describe(p.schema)}</td>
                            <td>{p.description ?? p.schema?.description ?? ''}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                  {operation.requestBody && (
                    <p>
                      Body (application/json):{' '}
                      {describeBody(operation.requestBody.content?.['application/json']?.schema)}
                    </p>
                  )}
                  {operation.responses && (
                    <p class="responses">
                      Answers:{' '}
                      {Object.keys(operation.responses).map((status) => (
                        <span key={status} class={`status status--${status[0]}`}>
                          {status}
                        </span>
                      ))}
                    </p>
                  )}
                </article>
              ))}
            </section>
          ))}
          <section class="group" dir="ltr">
            <h2>Schemas</h2>
            {Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => (
              <details key={name} id={`schema-${name}`}>
                <summary>
                  <code>{name}</code>
                </summary>
                <pre>{JSON.stringify(schema, null, 2)}</pre>
              </details>
            ))}
          </section>
        </main>
      </body>
    </html>,
  )}`;
}

function describe(schema: Schema | undefined): string {
  if (!schema) return '';
  if (schema.$ref) return schema.$ref.split('/').at(-1) ?? schema.$ref;
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
  const facts = [
    schema.enum ? `one of ${schema.enum.join(', ')}` : '',
    schema.minimum !== undefined ? `≥ ${schema.minimum}` : '',
    schema.maximum !== undefined ? `≤ ${schema.maximum}` : '',
    schema.maxLength !== undefined ? `≤ ${schema.maxLength} chars` : '',
    schema.default !== undefined ? `default ${String(schema.default)}` : '',
  ].filter(Boolean);
  return facts.length > 0 ? `${type} (${facts.join('; ')})` : type;
}

function describeBody(schema: Schema | undefined): string {
  if (!schema) return '';
  if (schema.$ref) return describe(schema);
  const fields = Object.entries(schema.properties ?? {}).map(
    ([name, field]) => `${name}${schema.required?.includes(name) ? '*' : ''}: ${describe(field)}`,
  );
  return fields.join(', ');
}

/** The page's one stylesheet, inline: web/security-headers.ts allows it by its sha256. */
export const API_DOCS_STYLE = `
body { margin: 0; font-family: "Noto Naskh Arabic", "Noto Sans", system-ui, sans-serif; line-height: 1.6; color: #1d1d1f; background: #fafaf7; }
main { max-inline-size: 60rem; margin-inline: auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; }
h2 { margin-block-start: 2rem; border-block-end: 2px solid #ddd; }
.intro code { unicode-bidi: isolate; white-space: nowrap; }
code, pre, .operation { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9rem; }
.operation { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 0.75rem 1rem; margin-block: 0.75rem; text-align: start; font-family: system-ui, sans-serif; }
.operation h3 { margin: 0 0 0.4rem; font-size: 1rem; }
.method { display: inline-block; min-inline-size: 3.5rem; text-align: center; border-radius: 4px; color: #fff; padding-inline: 0.4rem; }
.method--get { background: #1a7f37; } .method--post { background: #0969da; } .method--put { background: #9a6700; } .method--delete { background: #cf222e; }
.badge { margin-inline-start: 0.5rem; font-size: 0.75rem; background: #eee; border-radius: 4px; padding-inline: 0.3rem; }
table { border-collapse: collapse; inline-size: 100%; margin-block: 0.5rem; }
th, td { border: 1px solid #e3e3e3; padding: 0.25rem 0.5rem; text-align: start; vertical-align: top; }
.status { display: inline-block; margin-inline-end: 0.3rem; padding-inline: 0.3rem; border-radius: 4px; background: #eee; }
.status--2 { background: #dafbe1; } .status--4 { background: #fff1e5; }
pre { overflow-x: auto; background: #fff; border: 1px solid #ddd; padding: 0.5rem; }
.ltr { text-align: left; }
`;
