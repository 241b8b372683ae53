import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../src/arabic/analyzer.ts';
import { snippet, snippetHtml } from '../../src/search/snippet.ts';

/** The highlighted stretches of a snippet, as text. */
const marked = (s: { text: string; highlights: { start: number; end: number }[] }) =>
  s.highlights.map(({ start, end }) => s.text.slice(start, end));

const filler = (n: number, word = 'كلام') => Array.from({ length: n }, () => word).join(' ');

describe('snippet', () => {
  it('highlights the query words in a short text, whole and unchanged', () => {
    const text = 'وصل وزير الدفاع الإسرائيلي بيني جانتس إلى الرباط في زيارة رسمية.';
    const s = snippet(text, 'جانتس الرباط');
    assert.equal(s.text, text);
    assert.deepEqual(marked(s), ['جانتس', 'الرباط']);
  });

  it('takes the window with the most distinct query words, not the first match', () => {
    const text = `المهرجان ${filler(60)} افتتح المهرجان في قرطاج مساء أمس ${filler(60)}`;
    const s = snippet(text, 'المهرجان قرطاج');
    assert.deepEqual(marked(s), ['المهرجان', 'قرطاج']);
    assert.ok(s.text.startsWith('…') && s.text.endsWith('…'));
    assert.ok(s.text.split(' ').length <= 32);
  });

  it('prefers more matches among windows with the same distinct words', () => {
    const text = `قرطاج ${filler(40)} قرطاج ثم قرطاج ${filler(40)}`;
    assert.deepEqual(marked(snippet(text, 'قرطاج')), ['قرطاج', 'قرطاج']);
  });

  it('opens a few words before the first match', () => {
    const text = `${filler(50)} أول ثاني ثالث قرطاج ${filler(50)}`;
    const s = snippet(text, 'قرطاج');
    assert.ok(s.text.startsWith('…أول ثاني ثالث قرطاج'), s.text);
  });

  it('cuts from the original text: harakat, hamzas and punctuation as written', (t) => {
    const [vowelled] = analyze('الْمَغْرِبُ');
    const [plain] = analyze('المغرب');
    if (vowelled?.exact !== plain?.exact) return t.skip('the analyzer does not drop harakat yet');
    const text = 'وَقَّعَ الْمَغْرِبُ اتفاقاً، في الرباط.';
    const s = snippet(text, 'المغرب');
    assert.equal(s.text, text);
    assert.deepEqual(marked(s), ['الْمَغْرِبُ']);
  });

  it('puts the passage on one line, highlights still in place', () => {
    const text = 'المهرجان\n\nافتتح   في\tقرطاج';
    const s = snippet(text, 'قرطاج المهرجان');
    assert.equal(s.text, 'المهرجان افتتح في قرطاج');
    assert.deepEqual(marked(s), ['المهرجان', 'قرطاج']);
  });

  it('gives the opening words when nothing matches', () => {
    const text = filler(50);
    const s = snippet(text, 'قرطاج');
    assert.deepEqual(s.highlights, []);
    assert.equal(s.text, `${filler(30)}…`);
    assert.equal(snippet(text, '').text, `${filler(30)}…`);
  });

  it('takes its length in words', () => {
    const s = snippet(filler(50), 'قرطاج', { words: 5 });
    assert.equal(s.text, `${filler(5)}…`);
  });

  it('highlights phrase words by their exact form, and never excluded words', () => {
    const text = 'أيام قرطاج السينمائية ومهرجان الحمامات';
    assert.deepEqual(marked(snippet(text, '"أيام قرطاج" -الحمامات')), ['أيام', 'قرطاج']);
  });

  it('is empty for an empty text', () => {
    assert.deepEqual(snippet('', 'قرطاج'), { text: '', highlights: [] });
    assert.deepEqual(snippet('  ؟! ', 'قرطاج'), { text: '', highlights: [] });
  });

  it('keeps highlights inside the text, in order and apart, for any text and query', () => {
    const words = fc.constantFrom('قرطاج', 'مهرجان', 'المهرجان', 'في', '،', '"', '-', '\n', '<b>', '&', 'x', '١٢');
    const text = fc.oneof(
      fc.array(words, { maxLength: 120 }).map((w) => w.join(' ')),
      fc.string({ unit: 'binary', maxLength: 200 }),
    );
    fc.assert(
      fc.property(
        text,
        fc.array(words, { maxLength: 5 }).map((w) => w.join(' ')),
        (body, query) => {
          const s = snippet(body, query);
          let at = 0;
          for (const { start, end } of s.highlights) {
            assert.ok(start >= at && end > start && end <= s.text.length);
            at = end;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('snippetHtml', () => {
  it('escapes everything and marks the highlights', () => {
    const s = snippet('قال "الوزير" إن <script>alert(1)</script> في قرطاج & تونس', 'قرطاج');
    const html = snippetHtml(s);
    assert.ok(html.includes('<mark>قرطاج</mark>'));
    assert.ok(!html.includes('<script>'));
    assert.ok(html.includes('&#60;script&#62;') && html.includes('&#38;') && html.includes('&#34;'));
    assert.equal(
      html.replace(/<\/?mark>/g, '').replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))),
      s.text,
    );
  });
});
