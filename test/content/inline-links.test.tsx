/**
 * Links inside paragraphs: cut into runs by their spans, rendered on reader pages with every
 * address through safeUrl (a javascript: link becomes "#"), and embeds recognised from the
 * addresses of YouTube, X and Facebook only.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { linkRuns } from '../../src/content/blocks.ts';
import { embedFromUrl } from '../../src/content/embeds.ts';
import { BodyBlocks } from '../../src/web/site/views/body-blocks.tsx';

describe('links inside paragraphs', () => {
  it('cuts the text into plain and linked runs', () => {
    assert.deepEqual(linkRuns('زار الوزير مدينة طنجة أمس', [{ start: 17, end: 21, href: 'https://tanger.ma' }]), [
      { text: 'زار الوزير مدينة ' },
      { text: 'طنجة', href: 'https://tanger.ma' },
      { text: ' أمس' },
    ]);
  });

  it('drops overlapping, reversed and out-of-range spans', () => {
    const runs = linkRuns('نص المقال', [
      { start: 0, end: 2, href: 'https://a.ma' },
      { start: 1, end: 5, href: 'https://b.ma' },
      { start: 6, end: 4, href: 'https://c.ma' },
      { start: 7, end: 40, href: 'https://d.ma' },
    ]);
    assert.deepEqual(runs, [{ text: 'نص', href: 'https://a.ma' }, { text: ' المقال' }]);
    assert.equal(runs.map((r) => r.text).join(''), 'نص المقال', 'no text is lost');
  });

  it('renders links on reader pages, and neuters javascript: addresses', () => {
    const html = renderToString(
      <BodyBlocks
        blocks={[
          {
            type: 'paragraph',
            text: 'اقرأ البلاغ أو اضغط هنا',
            links: [
              { start: 5, end: 11, href: 'https://maroc.ma/بلاغ' },
              { start: 15, end: 23, href: 'javascript:alert(1)' },
            ],
          },
        ]}
      />,
    );
    assert.match(html, /<a href="https:\/\/maroc\.ma\/بلاغ" rel="noopener">البلاغ<\/a>/);
    assert.match(html, /<a href="#" rel="noopener">اضغط هنا<\/a>/);
    assert.ok(!html.includes('javascript:'));
  });
});

describe('embeds from an address', () => {
  it('recognises YouTube, X and Facebook', () => {
    assert.deepEqual(embedFromUrl(' https://youtu.be/dQw4w9WgXcQ '), {
      type: 'embed',
      provider: 'youtube',
      url: 'https://youtu.be/dQw4w9WgXcQ',
    });
    assert.equal(embedFromUrl('https://www.youtube.com/watch?v=dQw4w9WgXcQ')?.provider, 'youtube');
    assert.equal(embedFromUrl('https://twitter.com/MAP_Information/status/1790000000000000000')?.provider, 'x');
    assert.equal(embedFromUrl('https://x.com/MAP_Information/status/1790000000000000000')?.provider, 'x');
    assert.equal(embedFromUrl('http://www.facebook.com/watch/?v=123')?.url, 'https://www.facebook.com/watch/?v=123');
  });

  it('refuses other sites, pages that are not posts, and other schemes', () => {
    for (const address of [
      'https://vimeo.com/123',
      'https://x.com/MAP_Information',
      'https://youtube.com.evil.ma/watch?v=1',
      'javascript:alert(1)',
      'يوتيوب',
      '',
    ]) {
      assert.equal(embedFromUrl(address), undefined, address);
    }
  });
});
