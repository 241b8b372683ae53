import { instantOfLocalTime, isRealDay } from '../../arabic/dates.ts';
import { WorkflowError } from '../../content/workflow.ts';

/**
 * The publication time the editor's schedule field sends: a wall-clock time in the newsroom's
 * time zone ("2026-11-29T18:00", as <input type="datetime-local"> gives it), or an ISO 8601
 * instant with its offset. Anything else is refused with an Arabic message; whether the time
 * is still to come is the workflow's check.
 */
export function parseScheduleTime(value: unknown, timeZone: string): Date {
  const text = typeof value === 'string' ? value.trim() : '';
  const local = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (local) {
    const [year, month, day, hour, minute, second] = local.slice(1).map((n) => Number(n ?? 0)) as number[];
    if (isRealDay(year!, month!, day!) && hour! < 24 && minute! < 60 && second! < 60) {
      return instantOfLocalTime({ year: year!, month: month!, day: day!, hour, minute, second }, timeZone);
    }
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const instant = new Date(text);
    if (!Number.isNaN(instant.getTime())) return instant;
  }
  throw new WorkflowError(
    text === '' ? 'schedule_time_required' : 'invalid_schedule_time',
    'Give the publication time as YYYY-MM-DDTHH:MM (newsroom time) or an ISO 8601 instant.',
    text === ''
      ? 'حدد تاريخ النشر وساعته.'
      : 'تعذرت قراءة وقت النشر: اختر التاريخ والساعة من الحقل (بتوقيت الدار البيضاء).',
    400,
  );
}
