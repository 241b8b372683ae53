import fs from 'node:fs';
import { createRequire } from 'node:module';
import type MomentTimezone from 'moment-timezone';
import type { ZoneTable } from './zone-rules.ts';

/**
 * The IANA time-zone database as the moment-timezone package ships it (its data/packed file,
 * updated with each IANA release; `npm update moment-timezone` brings a new one). Ghad reads
 * offsets from here rather than from the runtime's ICU: Node 20 carries tz 2025c, which still
 * puts Casablanca at +01 after 20 September 2026. Only the transition tables are used: Intl
 * still names the months and the Hijri calendar, always in UTC (dates.ts).
 */
const require = createRequire(import.meta.url);
/**
 * The package's code without its data, and the data (730 KB) read as JSON: what its index.js
 * does, but kept out of the compiled server, whose every start would otherwise parse it as code.
 */
const momentTimezone: typeof MomentTimezone = require('moment-timezone/moment-timezone.js');
if (!momentTimezone.tz.dataVersion) {
  const data = fs.readFileSync(require.resolve('moment-timezone/data/packed/latest.json'), 'utf8');
  momentTimezone.tz.load(JSON.parse(data));
}

export const IANA_VERSION: string = momentTimezone.tz.dataVersion;

/** The transitions of a zone from the IANA data; undefined for a name the data does not know. */
export function ianaZoneTable(name: string): ZoneTable | undefined {
  const zone = momentTimezone.tz.zone(name);
  if (!zone) return undefined;
  // moment-timezone counts offsets west of UTC and ends its untils with Infinity.
  return {
    name,
    version: IANA_VERSION,
    untils: zone.untils.slice(0, -1),
    offsets: zone.offsets.map((west) => (west === 0 ? 0 : -west)),
  };
}
