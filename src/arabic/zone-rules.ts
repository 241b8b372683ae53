import { ianaZoneTable } from './iana-zones.ts';

/**
 * A time zone's offsets from UTC over time, as the IANA database says them: offsets[i] holds
 * until untils[i] (ms since the epoch, exclusive); the last offset holds from then on.
 * Offsets are minutes east of UTC (Casablanca: +60 until 20 September 2026, 0 since).
 * Plain data, so the server can hand the newsroom's zone to the editor's script as JSON.
 */
export interface ZoneTable {
  readonly name: string;
  /** The IANA release the table comes from ("2026f"). */
  readonly version: string;
  readonly untils: readonly number[];
  readonly offsets: readonly number[];
}

const tables = new Map<string, ZoneTable>();

/**
 * The rules of a zone, or undefined when no data names it. The server reads the IANA data
 * that ships with Ghad (iana-zones.ts); the editor's script has only the zone the server gave
 * it (registerZoneTable), since its bundle leaves the database out.
 */
export function findZoneTable(name: string): ZoneTable | undefined {
  let table = tables.get(name);
  if (!table) {
    table = ianaZoneTable(name);
    if (table) tables.set(name, table);
  }
  return table;
}

/** The rules of a zone; throws for a name no data knows (config checks names at start). */
export function zoneTable(name: string): ZoneTable {
  const table = findZoneTable(name);
  if (!table) throw new RangeError(`No time-zone rules for "${name}".`);
  return table;
}

/** Makes a zone known where the IANA data is not (the editor's script, from its boot data). */
export function registerZoneTable(table: ZoneTable): void {
  tables.set(table.name, table);
}

/** The offset of a zone from UTC at an instant, in minutes east of UTC. */
export function offsetAt(table: ZoneTable, ms: number): number {
  const { untils, offsets } = table;
  // The first transition after the instant: its offset is the one in force.
  let lo = 0;
  let hi = untils.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ms < untils[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return offsets[lo]!;
}
