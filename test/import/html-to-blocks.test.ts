/**
 * WordPress HTML → blocks: the sanitiser is the conversion, so no markup, script or
 * javascript: URL can reach a block; what Ghad has no block for is kept as text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { htmlToBlocks } from '../../src/import/html-to-blocks.ts';

const BASE = { baseUrl: 'https://akhbar.example' };

describe('htmlToBlocks', () => {
  it('makes paragraphs of classic text the way WordPress shows it (a line break starts a new one)', () => {
    const { blocks } = htmlToBlocks(
      'استضاف برنامج "سينما سينما" أبطال الفيلم.\n\nو يقول المخرج\nإنّ أحداث الفيلم',
      BASE,
    );
    assert.deepEqual(blocks, [
      { type: 'paragraph', text: 'استضاف برنامج "سينما سينما" أبطال الفيلم.' },
      { type: 'paragraph', text: 'و يقول المخرج' },
      { type: 'paragraph', text: 'إنّ أحداث الفيلم' },
    ]);
  });

  it('keeps headings, quotes with their cite, and lists (nested ones flattened)', () => {
    const { blocks } = htmlToBlocks(
      '<h1>عنوان</h1><h4>فرعي</h4><blockquote><p>قال الوزير</p><cite>وكالة تونس أفريقيا</cite></blockquote><ol><li>أولا<ul><li>فرع</li></ul></li><li>ثانيا</li></ol>',
    );
    assert.deepEqual(blocks, [
      { type: 'heading', level: 2, text: 'عنوان' },
      { type: 'heading', level: 3, text: 'فرعي' },
      { type: 'quote', text: 'قال الوزير', cite: 'وكالة تونس أفريقيا' },
      { type: 'list', ordered: true, items: ['أولا', 'فرع', 'ثانيا'] },
    ]);
  });

  it('turns [caption] shortcodes and figures into image blocks, relative addresses made absolute', () => {
    const { blocks } = htmlToBlocks(
      '[caption id="attachment_5" width="300"]<a href="/x"><img src="/wp-content/uploads/a.jpg" alt="ملعب" width="300" height="200"></a> الجماهير[/caption]<figure><img src="//cdn.example/b.png" alt=""><figcaption>صورة <em>ثانية</em></figcaption></figure>',
      BASE,
    );
    assert.deepEqual(blocks, [
      {
        type: 'image',
        src: 'https://akhbar.example/wp-content/uploads/a.jpg',
        alt: 'ملعب',
        caption: 'الجماهير',
        width: 300,
        height: 200,
      },
      { type: 'image', src: 'https://cdn.example/b.png', alt: '', caption: 'صورة ثانية' },
    ]);
  });

  it('embeds oEmbed URLs alone on a line, iframes, tweets and block-editor embeds; other URLs stay text', () => {
    const { blocks } = htmlToBlocks(
      'https://youtu.be/abcdefghijk\nhttps://example.org/page\n<iframe src="https://www.youtube-nocookie.com/embed/ScMzIvxBSi4"></iframe><blockquote class="twitter-tweet"><p>تغريدة</p><a href="https://twitter.com/a/status/123">date</a></blockquote><!-- wp:embed {"url":"https://www.facebook.com/x/posts/1"} --><figure><div>https://www.facebook.com/x/posts/1</div></figure><!-- /wp:embed -->',
    );
    assert.deepEqual(blocks, [
      { type: 'embed', provider: 'youtube', url: 'https://youtu.be/abcdefghijk' },
      { type: 'paragraph', text: 'https://example.org/page' },
      { type: 'embed', provider: 'youtube', url: 'https://www.youtube.com/watch?v=ScMzIvxBSi4' },
      { type: 'embed', provider: 'x', url: 'https://twitter.com/a/status/123' },
      { type: 'embed', provider: 'facebook', url: 'https://www.facebook.com/x/posts/1' },
    ]);
  });

  it('drops scripts, styles, forms and javascript: images, and says what it dropped', () => {
    const { blocks, notes } = htmlToBlocks(
      '<p>قبل<script>alert(1)</script></p><style>p{}</style><form><input value="x"></form><img src="javascript:alert(1)"><p onclick="x()">بعد</p>',
    );
    assert.deepEqual(blocks, [
      { type: 'paragraph', text: 'قبل' },
      { type: 'paragraph', text: 'بعد' },
    ]);
    assert.deepEqual(notes.sort(), [
      '<form> dropped',
      '<script> dropped',
      '<style> dropped',
      'image without a usable address dropped',
    ]);
  });

  it('keeps unknown markup and tables as text, and leaves WordPress shortcodes out but not [1]', () => {
    const { blocks, notes } = htmlToBlocks(
      '<marquee>خبر <b>عاجل</b></marquee>\n[gallery ids="1,2"]المرجع [1]<table><tr><th>الفريق</th><td>النقاط</td></tr></table>',
    );
    assert.deepEqual(blocks, [
      { type: 'paragraph', text: 'خبر عاجل' },
      { type: 'paragraph', text: 'المرجع [1]' },
      { type: 'paragraph', text: 'الفريق | النقاط' },
    ]);
    assert.ok(notes.includes('shortcode [gallery] left out'));
  });

  it('never lets markup through, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            '<p>',
            '</p>',
            '<script>',
            '</script>',
            '<b>',
            '<',
            '>',
            'نص',
            '&lt;b&gt;',
            '<img src=x onerror=y>',
            '\n',
            '[caption]',
            '[/caption]',
            '<!--',
            '-->',
            'https://youtu.be/x',
          ),
        ),
        (parts) => {
          for (const block of htmlToBlocks(parts.join('')).blocks) {
            const strings = Object.values(block)
              .flat()
              .filter((v) => typeof v === 'string') as string[];
            for (const value of strings) assert.doesNotMatch(value, /<script|onerror=/i);
            if (block.type === 'image' || block.type === 'embed') {
              assert.match(block.type === 'image' ? block.src : block.url, /^https?:\/\//);
            }
          }
        },
      ),
    );
  });
});
