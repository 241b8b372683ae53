import { readFileSync } from 'node:fs';
import { IANA_VERSION } from './iana-zones.ts';

/**
 * IANA releases that changed the rules of the zones Ghad's newspapers live in. Data older
 * than one of these gets that country's clocks wrong: Ghad refuses to start on it. Add a line
 * when a release changes Morocco or Tunisia (or a zone a newspaper on Ghad uses).
 */
export const KNOWN_ZONE_CHANGES: readonly { release: string; zone: string; change: string }[] = [
  { release: '2018g', zone: 'Africa/Casablanca', change: 'Morocco stays on +01 from 2018-10-28' },
  { release: '2026e', zone: 'Africa/Casablanca', change: 'Morocco moves to permanent +00 on 2026-09-20' },
];

/** The versions of the time-zone data around: Ghad's own, the runtime's ICU, the system's zoneinfo. */
export interface TimeZoneDataVersions {
  /** What Ghad reads its rules from (moment-timezone's IANA data). */
  ghad: string;
  /** Node's ICU (process.versions.tz): used for nothing but month names, said for comparison. */
  runtime?: string | undefined;
  /** The system's zoneinfo (Debian's tzdata), said for comparison. */
  system?: string | undefined;
}

export interface TimeZoneDataReport {
  /** The IANA release Ghad's clocks read. */
  version: string;
  /** One line for the start-up log. */
  summary: string;
  /** Changes Ghad's data is too old to know: do not serve. */
  missing: typeof KNOWN_ZONE_CHANGES;
  /** Advice when the runtime or the system has newer data than Ghad's. */
  warnings: string[];
}

/** "2026f" < "2026g" < "2027a": IANA releases sort as text once the year has four digits. */
function older(a: string, b: string): boolean {
  return a.localeCompare(b, 'en') < 0;
}

/** What Ghad's start-up says of its time-zone data, and whether that data is too old. */
export function checkTimeZoneData(versions: TimeZoneDataVersions = currentVersions()): TimeZoneDataReport {
  const missing = KNOWN_ZONE_CHANGES.filter((c) => older(versions.ghad, c.release));
  const warnings: string[] = [];
  for (const [where, version] of [
    ["Node's ICU", versions.runtime],
    ["the system's zoneinfo", versions.system],
  ] as const) {
    if (version && older(versions.ghad, version)) {
      warnings.push(
        `${where} has time-zone data ${version}, newer than Ghad's ${versions.ghad}: run "npm update moment-timezone".`,
      );
    }
  }
  const others = [
    versions.runtime && `Node's ICU ${versions.runtime}`,
    versions.system && `system zoneinfo ${versions.system}`,
  ].filter(Boolean);
  const summary =
    `Time zones: IANA ${versions.ghad} (moment-timezone)` +
    (others.length > 0 ? `; not used for time-zone rules: ${others.join(', ')}` : '');
  return { version: versions.ghad, summary, missing, warnings };
}

/** The message that stops the start when the data is too old. */
export function staleTimeZoneDataMessage(report: TimeZoneDataReport): string {
  const changes = report.missing.map((c) => `  IANA ${c.release}: ${c.change}`).join('\n');
  return (
    `Ghad's time-zone data is IANA ${report.version}, older than releases that changed its newspapers' clocks:\n${changes}\n` +
    'Every local time would be wrong. Run "npm update moment-timezone" (or "npm ci" on a current checkout), then start again.'
  );
}

function currentVersions(): TimeZoneDataVersions {
  return { ghad: IANA_VERSION, runtime: process.versions.tz, system: systemZoneinfoVersion() };
}

/** "2026f" from Debian's /usr/share/zoneinfo/tzdata.zi ("# version 2026f"); undefined without it. */
function systemZoneinfoVersion(): string | undefined {
  try {
    const head = readFileSync('/usr/share/zoneinfo/tzdata.zi', 'utf8').slice(0, 64);
    return /^# version (\S+)/.exec(head)?.[1];
  } catch {
    return undefined;
  }
}
