import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IANA_VERSION } from '../../src/arabic/iana-zones.ts';
import { checkTimeZoneData, staleTimeZoneDataMessage } from '../../src/arabic/zone-data-check.ts';

describe('time-zone data at start', () => {
  it("finds Ghad's own data current: no known change of Morocco or Tunisia is missing", () => {
    const report = checkTimeZoneData();
    assert.deepEqual(report.missing, []);
    assert.equal(report.version, IANA_VERSION);
    assert.match(report.summary, new RegExp(`^Time zones: IANA ${IANA_VERSION} \\(moment-timezone\\)`));
  });

  it("refuses data from before Morocco's move to +00, saying the change and the fix", () => {
    const report = checkTimeZoneData({ ghad: '2025c' });
    assert.deepEqual(
      report.missing.map((c) => c.release),
      ['2026e'],
    );
    const message = staleTimeZoneDataMessage(report);
    assert.match(message, /IANA 2025c/);
    assert.match(message, /2026e: Morocco moves to permanent \+00 on 2026-09-20/);
    assert.match(message, /npm update moment-timezone/);
  });

  it("says the runtime's and the system's versions, and warns when either is newer than Ghad's", () => {
    const report = checkTimeZoneData({ ghad: '2026f', runtime: '2025c', system: '2027a' });
    assert.equal(
      report.summary,
      "Time zones: IANA 2026f (moment-timezone); not used for time-zone rules: Node's ICU 2025c, system zoneinfo 2027a",
    );
    assert.equal(report.warnings.length, 1);
    assert.match(report.warnings[0]!, /system's zoneinfo has time-zone data 2027a, newer than Ghad's 2026f/);
  });
});
