/**
 * Reading a posted form: every field is a string (a repeated or missing field reads as ''),
 * cut at `max` characters so that nothing larger than a form allows reaches the checks.
 */
export function formField(body: unknown, name: string, max = 1000): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** A positive integer id from a path parameter, or undefined. */
export function idParam(params: unknown, name = 'id'): number | undefined {
  const raw = (params as Record<string, unknown> | undefined)?.[name];
  if (typeof raw !== 'string' || !/^[1-9]\d{0,9}$/.test(raw)) return undefined;
  return Number(raw);
}
