import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EmbedProvider } from '../../src/content/blocks.ts';
import { embedFrame } from '../../src/content/embeds.ts';

const frameSrc = (provider: EmbedProvider, url: string) => embedFrame({ provider, url })?.src;
const NOCOOKIE = 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1';

describe('the frame of an embed, from its address', () => {
  it('reads a YouTube video id from every address form and plays it from youtube-nocookie.com', () => {
    for (const url of [
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ',
      'https://m.youtube.com/watch?v=dQw4w9WgXcQ&list=PL1',
      'http://www.youtube.com/watch?v=dQw4w9WgXcQ#comments',
      'https://youtu.be/dQw4w9WgXcQ',
      'https://youtu.be/dQw4w9WgXcQ?si=tracking123',
      'https://www.youtube.com/shorts/dQw4w9WgXcQ',
      'https://www.youtube.com/embed/dQw4w9WgXcQ',
      'https://www.youtube.com/live/dQw4w9WgXcQ?feature=shared',
      ' https://www.youtube.com/watch?v=dQw4w9WgXcQ ',
    ]) {
      assert.deepEqual(
        embedFrame({ provider: 'youtube', url }),
        { provider: 'youtube', kind: 'video', src: NOCOOKIE },
        url,
      );
    }
  });

  it('keeps a YouTube start time, in seconds', () => {
    assert.equal(frameSrc('youtube', 'https://youtu.be/dQw4w9WgXcQ?t=90'), `${NOCOOKIE}&start=90`);
    assert.equal(frameSrc('youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s'), `${NOCOOKIE}&start=90`);
    assert.equal(frameSrc('youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1h'), `${NOCOOKIE}&start=3600`);
    assert.equal(frameSrc('youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=soon'), NOCOOKIE);
  });

  it('reads the status id of a post on X or Twitter and shows it in Arabic', () => {
    const src = 'https://platform.twitter.com/embed/Tweet.html?id=1790000000000000000&lang=ar&dnt=true';
    for (const url of [
      'https://x.com/MAP_Information/status/1790000000000000000',
      'https://twitter.com/MAP_Information/status/1790000000000000000?s=20',
      'https://mobile.twitter.com/MAP_Information/status/1790000000000000000/',
      'https://x.com/MAP_Information/status/1790000000000000000/photo/1',
    ]) {
      assert.deepEqual(embedFrame({ provider: 'x', url }), { provider: 'x', kind: 'post', src }, url);
    }
  });

  it('frames a Facebook post with the post plugin and a video with the video plugin, the address percent-encoded', () => {
    assert.deepEqual(embedFrame({ provider: 'facebook', url: 'https://www.facebook.com/alghad24/posts/pfbid02abc' }), {
      provider: 'facebook',
      kind: 'post',
      src: 'https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Falghad24%2Fposts%2Fpfbid02abc',
    });
    assert.equal(
      frameSrc('facebook', 'https://m.facebook.com/permalink.php?story_fbid=1&id=2#x'),
      'https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fm.facebook.com%2Fpermalink.php%3Fstory_fbid%3D1%26id%3D2',
    );
    assert.equal(
      frameSrc('facebook', 'https://www.facebook.com/alghad24/videos/123456789/'),
      'https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Falghad24%2Fvideos%2F123456789%2F',
    );
    assert.equal(
      frameSrc('facebook', 'https://www.facebook.com/watch/?v=123'),
      'https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D123',
    );
    assert.equal(embedFrame({ provider: 'facebook', url: 'https://fb.watch/abcDEF/' })?.kind, 'video');
  });

  it('has no frame for a link, another site, another scheme or an address of another provider', () => {
    for (const [provider, url] of [
      ['link', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
      ['youtube', 'javascript:alert(1)//https://youtu.be/dQw4w9WgXcQ'],
      ['youtube', 'data:text/html,<script>alert(1)</script>'],
      ['youtube', 'https://youtube.com.evil.ma/watch?v=dQw4w9WgXcQ'],
      ['youtube', 'https://evil.ma/watch?v=dQw4w9WgXcQ&youtube.com'],
      ['youtube', 'https://www.youtube.com@evil.ma/watch?v=dQw4w9WgXcQ'],
      ['youtube', 'https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ'],
      ['youtube', 'https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ'],
      ['youtube', 'https://x.com/MAP_Information/status/1790000000000000000'],
      ['x', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
      ['facebook', 'https://www.facebook.com.evil.ma/alghad24/posts/1'],
      ['youtube', 'not an address'],
      ['youtube', ''],
    ] as const) {
      assert.equal(embedFrame({ provider, url }), undefined, `${provider} ${url}`);
    }
  });

  it('has no frame when the id is not an id: quotes, markup, wrong length, pages that are not videos or posts', () => {
    for (const [provider, url] of [
      ['youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXc"'],
      ['youtube', 'https://www.youtube.com/watch?v="><script>alert(1)</script>'],
      ['youtube', "https://youtu.be/dQw4w9'onload=x"],
      ['youtube', 'https://www.youtube.com/embed/dQw4w9WgXcQ"onload="alert(1)'],
      ['youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQQ'],
      ['youtube', 'https://www.youtube.com/watch?v=short'],
      ['youtube', 'https://www.youtube.com/watch'],
      ['youtube', 'https://www.youtube.com/watchlater?v=dQw4w9WgXcQ'],
      ['youtube', 'https://www.youtube.com/shorts/dQw4w9WgXcQ/../../evil'],
      ['youtube', 'https://www.youtube.com/@alghad24'],
      ['x', 'https://x.com/MAP_Information/status/17900000"00'],
      ['x', 'https://x.com/MAP_Information/status/abc'],
      ['x', 'https://x.com/MAP_Information'],
      ['x', 'https://x.com/MAP_Information/status/1790000000000000000extra'],
    ] as const) {
      assert.equal(embedFrame({ provider, url }), undefined, `${provider} ${url}`);
    }
  });

  it('never lets a quote or markup from a Facebook address out of the href parameter', () => {
    const src = frameSrc('facebook', 'https://www.facebook.com/a"><script>alert(1)</script>/posts/1?x=\'&y=<b>');
    assert.ok(src?.startsWith('https://www.facebook.com/plugins/post.php?href='), src);
    assert.doesNotMatch(src ?? '', /["'<>]/);
    assert.equal(new URL(src ?? '').searchParams.size, 1);
  });
});
