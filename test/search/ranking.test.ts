import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQuery } from '../../src/search/query.ts';
import { type MatchEvidence, relevance } from '../../src/search/ranking.ts';
import { leadingTerms, searchDocument } from '../../src/search/search-document.ts';

/** The evidence an indexed article gives the ranking. */
function evidence(headline: string, lead: string, form: MatchEvidence['form']): MatchEvidence {
  const doc = searchDocument({
    id: 1,
    headline,
    kicker: lead,
    dek: null,
    bodyText: '',
    sectionId: 1,
    publishedAt: null,
    published: true,
  });
  return { ...leadingTerms(doc), form };
}

const score = (query: string, headline: string, lead: string, form: MatchEvidence['form'] = 'exact') =>
  relevance(parseQuery(query), evidence(headline, lead, form));

describe('relevance', () => {
  it('ranks a word in the headline above the kicker or dek, and those above the body alone', () => {
    const headline = score('الانتخابات', 'موعد الانتخابات البلدية', 'خبر');
    const lead = score('الانتخابات', 'خبر', 'موعد الانتخابات البلدية');
    const body = score('الانتخابات', 'خبر', 'خبر آخر');
    assert.ok(headline > lead && lead > body, `${headline} ${lead} ${body}`);
  });

  it('ranks the written form above a form that only shares its stem, in a field and in the article', () => {
    assert.ok(score('الانتخابات', 'موعد الانتخابات', '') > score('الانتخابات', 'استعدادا للانتخابات', ''));
    assert.ok(score('الانتخابات', 'خبر', '', 'exact') > score('الانتخابات', 'خبر', '', 'stem'));
  });

  it('counts a name key least, wherever it is', () => {
    const nameInHeadline = score('جانتس', 'غانتس في الرباط', '', 'nameKey');
    const writtenInBody = score('جانتس', 'زيارة وزير', '', 'exact');
    assert.ok(writtenInBody > nameInHeadline, `${writtenInBody} ${nameInHeadline}`);
    assert.ok(nameInHeadline > score('جانتس', 'زيارة وزير', '', 'nameKey'));
  });

  it('rewards each wanted word found, and phrases whose words all stand in the headline', () => {
    assert.ok(score('مهرجان قرطاج', 'افتتاح مهرجان قرطاج', '') > score('مهرجان قرطاج', 'افتتاح مهرجان', ''));
    assert.ok(score('"مهرجان قرطاج"', 'افتتاح مهرجان قرطاج', '') > score('"مهرجان قرطاج"', 'افتتاح الدورة', ''));
  });
});
