import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseSitemapFileName, type SitemapFile, sitemapPath } from '../../src/web/sitemaps/sitemap-files.ts';
import { withoutInvalidXmlCharacters, XML_DECLARATION, xmlElement, xmlParent } from '../../src/web/xml.ts';
import { parseXml } from '../helpers/xml-tree.ts';

/** Any string, lone surrogates and control characters included. */
const anyText = fc.string({ unit: 'binary', maxLength: 60 });

describe('writing XML by hand', () => {
  it('keeps any text as text: a strict parser reads back what was written, less the characters XML forbids', () => {
    fc.assert(
      fc.property(anyText, anyText, (text, attribute) => {
        const document = `${XML_DECLARATION}${xmlParent('root', { a: attribute }, [xmlElement('t', text, { b: attribute })])}`;
        const root = parseXml(document);
        assert.equal(root.attributes.a, withoutInvalidXmlCharacters(attribute));
        assert.equal(root.children[0]?.text, withoutInvalidXmlCharacters(text).replace(/\r\n?/g, '\n'));
        assert.equal(root.children[0]?.attributes.b, withoutInvalidXmlCharacters(attribute));
      }),
      { numRuns: 500 },
    );
  });

  it('drops exactly the characters outside XML 1.0 and keeps Arabic, emoji and tabs', () => {
    assert.equal(withoutInvalidXmlCharacters('أ\u0000ب\u0008ت\u000bث\u001fج\ud800ح\ufffeخ\uffff'), 'أبتثجحخ');
    assert.equal(withoutInvalidXmlCharacters('غد\t24\n😀\r\ufffd'), 'غد\t24\n😀\r\ufffd');
  });

  it('writes markup-looking headlines as escaped text', () => {
    assert.equal(
      xmlElement('title', '<script>alert("x")</script> & ]]>'),
      '<title>&lt;script&gt;alert("x")&lt;/script&gt; &amp; ]]&gt;</title>',
    );
    assert.equal(
      xmlElement('link', null, { href: 'https://x/?a=1&b="2"' }),
      '<link href="https://x/?a=1&amp;b=&quot;2&quot;"/>',
    );
  });
});

describe('sitemap file names', () => {
  const file: fc.Arbitrary<SitemapFile> = fc.oneof(
    fc
      .record({
        year: fc.integer({ min: 1000, max: 9999 }),
        month: fc.integer({ min: 1, max: 12 }),
        part: fc.integer({ min: 1, max: 999 }),
      })
      .map(({ year, month, part }) => ({
        kind: 'month' as const,
        month: `${year}-${String(month).padStart(2, '0')}`,
        part,
      })),
    fc.integer({ min: 1, max: 999 }).map((part) => ({ kind: 'undated' as const, part })),
    fc.integer({ min: 1, max: 999 }).map((part) => ({ kind: 'tags' as const, part })),
    fc.integer({ min: 1, max: 999 }).map((part) => ({ kind: 'authors' as const, part })),
    fc.constant({ kind: 'sections' as const }),
    fc.constant({ kind: 'news' as const }),
  );

  it('reads back every name it writes', () => {
    fc.assert(
      fc.property(file, (f) => {
        const path = sitemapPath(f);
        assert.ok(path.startsWith('/sitemaps/'));
        assert.deepEqual(parseSitemapFileName(path.slice('/sitemaps/'.length)), f);
      }),
    );
  });

  it('refuses malformed months, part numbers and anything else', () => {
    for (const name of [
      'articles-2017-13.xml',
      'articles-2017-00.xml',
      'articles-2017-5.xml',
      'articles-17-05.xml',
      'articles-2017-05-1.xml',
      'articles-2017-05-0.xml',
      'articles-2017-05-02.xml',
      'articles-2017-05.xml.gz',
      'articles-undated-1.xml',
      'tags-0.xml',
      'authors.json',
      '../robots.txt',
      '',
    ]) {
      assert.equal(parseSitemapFileName(name), undefined, name);
    }
  });
});
