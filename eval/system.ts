/** What the evaluation asks of a search system. */
export interface SearchSystem {
  /** A short key for the JSON figures ("fts5-raw", "ghad-sqlite" …). */
  name: string;
  /** What it is, for the printed tables. */
  label: string;
  /** The documents' external ids, best first, at most `limit`. */
  search(query: string, limit: number): Promise<string[]>;
  close(): Promise<void>;
}

/** A system that could be set up, or why not ("not available yet"). */
export type SystemSetup =
  | { available: true; system: SearchSystem; setupSeconds: number; notes: string[] }
  | { available: false; name: string; label: string; reason: string };
