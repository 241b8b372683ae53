import type { ZoneTable } from './zone-rules.ts';

/**
 * What the editor's script has in place of iana-zones.ts (editor-script.ts swaps them): no
 * database at all. The server hands it the newsroom's zone with its boot data, so the browser
 * keeps no time-zone rules of its own.
 */
export const IANA_VERSION = 'from the server';

export function ianaZoneTable(_name: string): ZoneTable | undefined {
  return undefined;
}
