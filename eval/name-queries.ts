/**
 * Name queries: every spelling of a group (name-groups.ts) that the corpus uses is a query, and
 * its relevant set is every document that contains ANY spelling of the group, judged on the raw
 * headline and body with the evaluation's own normalisation (judge-text.ts), proclitics allowed.
 */
import type { EvalDocument } from './corpus.ts';
import { judgeNormalize, judgeWords, wordIsSpelling } from './judge-text.ts';
import { NAME_GROUPS } from './name-groups.ts';

export interface NameGroupJudgement {
  key: string;
  /** Each spelling with the number of documents that use it (as written, harakat aside). */
  spellings: { spelling: string; documents: number }[];
  /** Documents that use any spelling of the group. */
  relevant: string[];
}

export interface NameQuery {
  id: string;
  group: string;
  query: string;
}

/** Harakat and tatweel only: spellings that differ in hamza seats count separately here. */
const asWritten = (text: string) => text.normalize('NFKC').replace(/[\u064B-\u065F\u0670\u0640]/g, '');

export function judgeNameGroups(documents: EvalDocument[]): NameGroupJudgement[] {
  // Index words once: judged word → documents, written word → documents.
  const judgedWordDocs = new Map<string, Set<number>>();
  const writtenWordDocs = new Map<string, Set<number>>();
  documents.forEach((doc, index) => {
    const text = `${doc.headline}\n${doc.body}`;
    for (const w of new Set(judgeWords(text))) addTo(judgedWordDocs, w, index);
    for (const w of new Set(asWritten(text).split(/[^\p{L}\p{N}]+/u))) if (w) addTo(writtenWordDocs, w, index);
  });
  return NAME_GROUPS.map((group) => {
    const relevant = new Set<number>();
    for (const spelling of group.spellings) {
      const judged = judgeNormalize(spelling);
      for (const [word, docs] of judgedWordDocs)
        if (wordIsSpelling(word, judged)) for (const d of docs) relevant.add(d);
    }
    const spellings = group.spellings.map((spelling) => {
      const docs = new Set<number>();
      for (const [word, ds] of writtenWordDocs) if (wordIsSpelling(word, spelling)) for (const d of ds) docs.add(d);
      return { spelling, documents: docs.size };
    });
    return {
      key: group.key,
      spellings,
      relevant: [...relevant].sort((a, b) => a - b).map((i) => documents[i]!.externalId),
    };
  });
}

/** One query per spelling the corpus uses. */
export function buildNameQueries(groups: NameGroupJudgement[]): NameQuery[] {
  const queries: NameQuery[] = [];
  for (const group of groups) {
    for (const { spelling, documents } of group.spellings) {
      if (documents === 0) continue;
      queries.push({ id: `n${String(queries.length + 1).padStart(3, '0')}`, group: group.key, query: spelling });
    }
  }
  return queries;
}

function addTo(map: Map<string, Set<number>>, key: string, value: number): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}
