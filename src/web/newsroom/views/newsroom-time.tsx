import { formatNewsroomTime } from '../../../arabic/dates.ts';

/** "29 نونبر 2026 على الساعة 14:05" in the newsroom's time zone. */
export function NewsroomTime({ date, timeZone }: { date: Date; timeZone: string }) {
  return <time dateTime={date.toISOString()}>{formatNewsroomTime(date, timeZone)}</time>;
}
