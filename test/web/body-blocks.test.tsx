import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import type { Block } from '../../src/content/blocks.ts';
import { BodyBlocks, safeUrl } from '../../src/web/site/views/body-blocks.tsx';

const render = (blocks: Block[], dateline?: string) =>
  renderToString(<BodyBlocks blocks={blocks} dateline={dateline} />);

describe('rendering body blocks', () => {
  it("gives paragraphs the article's direction, an editor's ltr where set, isolated Latin runs, the dateline first", () => {
    const html = render(
      [
        { type: 'paragraph', text: 'استقبل الجنرال الفاروق بلخير بيني گانتز.' },
        { type: 'paragraph', text: 'Emmanuel Macron كان قد زار المغرب سنة 2024.' },
        { type: 'paragraph', text: 'Demain Dès l’Aube', dir: 'ltr' },
      ],
      'الرباط',
    );
    assert.equal(
      html,
      '<p><span class="dateline">الرباط — </span>استقبل الجنرال الفاروق بلخير بيني گانتز.</p>' +
        '<p><bdi dir="ltr">Emmanuel Macron</bdi> كان قد زار المغرب سنة 2024.</p>' +
        '<p dir="ltr"><bdi dir="ltr">Demain Dès l’Aube</bdi></p>',
    );
  });

  it('renders headings, quotes, lists, images and embeds', () => {
    const html = render([
      { type: 'heading', level: 2, text: 'التفاصيل' },
      { type: 'quote', text: 'أغادر الآن', cite: 'جانتس' },
      { type: 'list', ordered: true, items: ['أولا', 'ثانيا'] },
      {
        type: 'image',
        src: '/media/abc.jpg',
        alt: 'الجنرال بلخير',
        caption: 'الرباط',
        credit: 'و.م.ع',
        width: 1200,
        height: 800,
      },
      { type: 'embed', provider: 'youtube', url: 'https://www.youtube.com/watch?v=abc' },
    ]);
    assert.match(html, /<h2>التفاصيل<\/h2>/);
    assert.match(html, /<blockquote><p>أغادر الآن<\/p><footer>— جانتس<\/footer><\/blockquote>/);
    assert.match(html, /<ol><li>أولا<\/li><li>ثانيا<\/li><\/ol>/);
    assert.match(html, /<img src="\/media\/abc.jpg" alt="الجنرال بلخير" width="1200" height="800"/);
    assert.match(html, /<figcaption>الرباط<span class="credit">و.م.ع<\/span><\/figcaption>/);
    assert.match(
      html,
      /<a href="https:\/\/www.youtube.com\/watch\?v=abc" rel="noopener nofollow">شاهد الفيديو على يوتيوب<\/a>/,
    );
  });

  it('escapes markup in every text field: a payload is shown, never run', () => {
    const payload = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const html = render([
      { type: 'paragraph', text: payload },
      { type: 'heading', level: 3, text: payload },
      { type: 'quote', text: payload, cite: payload },
      { type: 'list', ordered: false, items: [payload] },
      { type: 'image', src: '/media/a.jpg', alt: '"><script>alert(1)</script>', caption: payload },
    ]);
    assert.ok(!html.includes('<script'), html);
    assert.ok(!html.includes('<img src=x'), html);
    assert.ok(html.includes('&lt;script>alert(&quot;x&quot;)'));
    assert.ok(html.includes('alt="&quot;>&lt;script'));
  });

  it('lets only http(s) and site-relative URLs into links and images', () => {
    assert.equal(safeUrl('javascript:alert(1)'), '#');
    assert.equal(safeUrl(' JAVASCRIPT:alert(1)'), '#');
    assert.equal(safeUrl('data:text/html,<script>'), '#');
    assert.equal(safeUrl('//evil.example/x'), '#');
    assert.equal(safeUrl('https://www.jawharafm.net/ar/article/1'), 'https://www.jawharafm.net/ar/article/1');
    assert.equal(safeUrl('/media/a.jpg'), '/media/a.jpg');
    const html = render([{ type: 'embed', provider: 'link', url: 'javascript:alert(1)' }]);
    assert.match(html, /href="#"/);
  });
});
