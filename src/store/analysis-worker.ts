/**
 * A worker thread of AnalysisWorkers (analysis-workers.ts): analyzes the texts it is sent with
 * the decisions it is sent (kept by version, since they are sent once per version) and posts
 * the analyses back in the same order.
 */
import { parentPort } from 'node:worker_threads';
import type { ExtractionRules } from '../entities/found-entity.ts';
import { type AnalyzableText, analyzeArticle } from './article-analysis.ts';

export interface AnalysisRequest {
  id: number;
  rulesVersion: number;
  /** Sent with the first request of each version only. */
  rules?: ExtractionRules;
  texts: AnalyzableText[];
}

const rulesByVersion = new Map<number, ExtractionRules>();

parentPort?.on('message', (request: AnalysisRequest) => {
  try {
    if (request.rules) {
      rulesByVersion.clear();
      rulesByVersion.set(request.rulesVersion, request.rules);
    }
    const rules = rulesByVersion.get(request.rulesVersion);
    if (!rules) throw new Error(`analysis worker: no rules of version ${request.rulesVersion}`);
    const analyses = request.texts.map((text) => analyzeArticle(text, rules));
    parentPort?.postMessage({ id: request.id, analyses });
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
