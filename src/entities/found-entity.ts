/**
 * What extraction finds in one article, before it is linked to the newspaper's entities:
 * the people (PER), organisations (ORG) and places (LOC) the article names, each with the
 * forms it is written in and a linking key that different spellings of one name share.
 *
 * Pure data: extract.ts produces it, the store (store/entities.ts) links it to entities.
 */

export type EntityType = 'PER' | 'ORG' | 'LOC';

export const ENTITY_TYPES: readonly EntityType[] = ['PER', 'ORG', 'LOC'];

/** Where in the article a mention stands. The headline and the lead (kicker, dek) are prominent. */
export type ArticleField = 'headline' | 'lead' | 'body';

/** One place the article names an entity: the words as written, clitics (و، ب، ل) left out. */
export interface Mention {
  type: EntityType;
  /** The name as the article writes it, without a leading و/ف/ب/ل/ك: «گانتز» for «لگانتز». */
  text: string;
  field: ArticleField;
  /** UTF-16 offsets of `text` in that field's text (headline; kicker + "\n" + dek; body text). */
  start: number;
  end: number;
}

/** One entity of one article: its mentions gathered under one name. */
export interface FoundEntity {
  type: EntityType;
  /** The fullest form the article uses (بيني گانتز rather than گانتز), as written. */
  name: string;
  /** Every distinct form the article writes it in, as written, fullest first. */
  names: string[];
  /**
   * The linking key of `name` (entity-key.ts): spellings of one name share it
   * (بيني گانتز = بيني جانتس), different names do not.
   */
  key: string;
  /**
   * The key of the name's last word alone, for a person or organisation the article names only
   * by it (جانتس, العثماني): the store links such an entity to the best-known entity whose
   * `surnameKey` is the same. Undefined for places.
   */
  surnameKey: string | undefined;
  /** How many mentions the article has. */
  mentions: number;
  /** Named in the headline, kicker or dek. */
  prominent: boolean;
  /** The offset of the first mention in the article's text order (headline, lead, body), for ordering. */
  firstSeen: number;
}

/** What an article gives extraction. */
export interface ExtractableArticle {
  headline: string;
  kicker?: string | null;
  dek?: string | null;
  bodyText: string;
}

/**
 * What the newsroom's decisions and the archive teach extraction (store/entities.ts keeps them):
 * names never to propose again, and names to find wherever they are written, with their type.
 * Every entry is a linking key (entity-key.ts), so that all spellings of a name count.
 */
export interface ExtractionRules {
  /** Keys of names an editor rejected: extraction never proposes them. */
  rejected: ReadonlySet<string>;
  /** Keys of names to find anywhere (confirmed by an editor, or well known in the archive), with their type. */
  known: ReadonlyMap<string, EntityType>;
}

export const NO_RULES: ExtractionRules = { rejected: new Set(), known: new Map() };
