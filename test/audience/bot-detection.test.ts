import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { notAReader } from '../../src/audience/bot-detection.ts';

const READERS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0',
  'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0',
  'Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
];

const BOTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'WhatsApp/2.23.20.0',
  'TelegramBot (like TwitterBot)',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/129.0.0.0 Safari/537.36',
  'curl/8.5.0',
  'python-requests/2.32.3',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
];

describe('telling readers from bots', () => {
  for (const ua of READERS) {
    it(`counts a reader: ${ua.slice(0, 60)}`, () => {
      assert.equal(notAReader({ method: 'POST', headers: { 'user-agent': ua } }), undefined);
    });
  }
  for (const ua of BOTS) {
    it(`leaves out a bot: ${ua.slice(0, 60)}`, () => {
      assert.equal(notAReader({ method: 'POST', headers: { 'user-agent': ua } }), 'bot');
    });
  }
  it('leaves out HEAD requests, prefetches and prerenders, and requests without a user agent', () => {
    const reader = READERS[0] as string;
    assert.equal(notAReader({ method: 'HEAD', headers: { 'user-agent': reader } }), 'head');
    assert.equal(
      notAReader({ method: 'POST', headers: { 'user-agent': reader, 'sec-purpose': 'prefetch' } }),
      'prefetch',
    );
    assert.equal(
      notAReader({ method: 'POST', headers: { 'user-agent': reader, 'sec-purpose': 'prefetch;prerender' } }),
      'prefetch',
    );
    assert.equal(notAReader({ method: 'POST', headers: { 'user-agent': reader, purpose: 'prefetch' } }), 'prefetch');
    assert.equal(notAReader({ method: 'POST', headers: {} }), 'no-user-agent');
    assert.equal(notAReader({ method: 'POST', headers: { 'user-agent': '' } }), 'no-user-agent');
  });
});
