import fs from 'node:fs';
import path from 'node:path';
import type { ArticleInput } from '../content/article.ts';
import { paragraphsToBlocks } from '../content/blocks.ts';

/**
 * The page Ghad started from: one article of الغد 24 saved as text (line 1 masthead and
 * slogan, line 3 headline, then the body). It becomes the demo's top story, as the
 * newspaper published it on Wednesday 24 November 2021 in Rabat.
 */
export function readSeedPage(file: string): ArticleInput & { externalId: string } {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const headline = lines[2]?.trim();
  const bodyText = lines.slice(3).join('\n');
  if (!headline || bodyText.trim() === '') {
    throw new Error(`${file} is not a seed page: line 3 should be the headline, followed by the body.`);
  }
  return {
    externalId: `alghad24-${path.basename(file, '.txt')}`,
    headline,
    kicker: 'تعاون عسكري',
    body: paragraphsToBlocks(bodyText),
    status: 'published',
    sectionSlug: 'سياسة',
    // Noon in Rabat (UTC+1 in November 2021).
    publishedAt: new Date('2021-11-24T12:00:00+01:00'),
    dateline: 'الرباط',
    bylines: [{ name: 'الغد 24', kind: 'organization' }],
    tags: ['المغرب', 'إسرائيل', 'بيني گانتز', 'التعاون العسكري'],
  };
}
