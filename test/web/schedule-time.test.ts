/** The schedule field's time: Casablanca wall-clock time or an ISO instant; anything else gets an Arabic refusal. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkflowError } from '../../src/content/workflow.ts';
import { parseScheduleTime } from '../../src/web/newsroom/schedule-time.ts';

const ZONE = 'Africa/Casablanca';

describe('schedule times', () => {
  it('reads the datetime-local field as Casablanca time (UTC+1, and UTC+0 during Ramadan)', () => {
    assert.equal(parseScheduleTime('2026-07-15T18:00', ZONE).toISOString(), '2026-07-15T17:00:00.000Z');
    assert.equal(parseScheduleTime('2026-07-15T18:00:30', ZONE).toISOString(), '2026-07-15T17:00:30.000Z');
    assert.equal(parseScheduleTime('2026-03-01T18:00', ZONE).toISOString(), '2026-03-01T18:00:00.000Z');
  });

  it('takes an ISO instant with its offset as it is', () => {
    assert.equal(parseScheduleTime('2026-07-15T18:00:00Z', ZONE).toISOString(), '2026-07-15T18:00:00.000Z');
    assert.equal(parseScheduleTime('2026-07-15T18:00:00+01:00', ZONE).toISOString(), '2026-07-15T17:00:00.000Z');
  });

  it('refuses malformed and impossible times, and a missing one, in Arabic', () => {
    for (const [value, code] of [
      ['غدا على الساعة السادسة', 'invalid_schedule_time'],
      ['2026-02-30T18:00', 'invalid_schedule_time'],
      ['2026-07-15T25:00', 'invalid_schedule_time'],
      ['15/07/2026 18:00', 'invalid_schedule_time'],
      ['', 'schedule_time_required'],
      [undefined, 'schedule_time_required'],
      [1784134800000, 'schedule_time_required'],
    ] as const) {
      assert.throws(
        () => parseScheduleTime(value, ZONE),
        (error: unknown) =>
          error instanceof WorkflowError &&
          error.code === code &&
          error.status === 400 &&
          /[\u0600-\u06ff]/.test(error.messageAr),
        String(value),
      );
    }
  });
});
