/**
 * The comment checks, one rule at a time, and the chain's order: the first verdict wins.
 * The banned-word rule is given the ways readers write around a list: harakat, tatweel,
 * stretched letters, proclitics and Latin-script Darija with digits for letters.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arabicSkeleton, latinSkeleton } from '../../src/arabic/arabizi.ts';
import { BannedWordList } from '../../src/comments/banned-words.ts';
import {
  bannedAddressCheck,
  bannedWordCheck,
  COMMENT_LIMITS,
  type CommentFacts,
  firstVerdict,
  floodCheck,
  heldByReports,
  lengthCheck,
  linkCheck,
  newCommenterCheck,
  repeatedTextCheck,
  textKey,
} from '../../src/comments/checks.ts';

/** A trusted reader's ordinary comment: no check has anything to say. */
const clean: CommentFacts = {
  name: 'أم كلثوم من مكناس',
  email: '',
  body: 'مقال جيد، نتمنى أن تتابعوا ملف الماء في الجهة.',
  lastMinute: 0,
  lastHour: 0,
  sameTextRecently: false,
  approvedBefore: 5,
  banned: false,
};
const facts = (over: Partial<CommentFacts>): CommentFacts => ({ ...clean, ...over });

describe('length limits', () => {
  it('refuses an empty comment, a blank name, an overlong text or name, and a malformed email', () => {
    assert.equal(lengthCheck(facts({ body: ' \n ' }))?.kind, 'refuse');
    assert.match(JSON.stringify(lengthCheck(facts({ body: '' }))), /اكتب تعليقك/);
    const long = lengthCheck(facts({ body: 'ب'.repeat(COMMENT_LIMITS.body + 1) }));
    assert.deepEqual(long && long.kind === 'refuse' && [long.code, long.status], ['comment_too_long', 400]);
    assert.match(long?.kind === 'refuse' ? long.messageAr : '', /5,000/);
    assert.equal(lengthCheck(facts({ body: 'ب'.repeat(COMMENT_LIMITS.body) })), undefined, '5,000 is allowed');
    assert.equal(lengthCheck(facts({ name: '  ' }))?.kind, 'refuse');
    assert.equal(lengthCheck(facts({ name: 'س'.repeat(81) }))?.kind, 'refuse');
    assert.equal(lengthCheck(facts({ email: 'ليس بريدا' }))?.kind, 'refuse');
    assert.equal(lengthCheck(facts({ email: 'reader@example.ma' })), undefined);
    assert.equal(lengthCheck(clean), undefined);
  });
});

describe('flood limits', () => {
  it('refuses the sixth comment in a minute and the thirtieth in an hour, with 429', () => {
    assert.equal(floodCheck(facts({ lastMinute: 4 })), undefined);
    const minute = floodCheck(facts({ lastMinute: 5 }));
    assert.deepEqual(minute && minute.kind === 'refuse' && minute.status, 429);
    assert.equal(floodCheck(facts({ lastHour: 30 }))?.kind, 'refuse');
  });
});

describe('banned addresses', () => {
  it('sets a banned address’s comment aside as spam', () => {
    assert.deepEqual(bannedAddressCheck(facts({ banned: true })), { kind: 'spam', reason: 'banned_address' });
    assert.equal(bannedAddressCheck(clean), undefined);
  });
});

describe('links', () => {
  it('holds addresses in the text or the name, and leaves a plain sentence with a full stop alone', () => {
    for (const body of ['زوروا https://ربح.example', 'www.casino-maroc.com', 'اربح الآن على promo-win.xyz']) {
      assert.equal(linkCheck(facts({ body }))?.kind, 'hold', body);
    }
    assert.equal(linkCheck(facts({ name: 'bestdeals.ma' }))?.kind, 'hold');
    assert.equal(linkCheck(facts({ body: 'انتهى الأمر.وشكرا' })), undefined);
    assert.equal(linkCheck(clean), undefined);
  });
});

describe('banned words, as readers write around them', () => {
  const list = new BannedWordList(['حمار', 'كلب', 'قحبة', 'خنزير', 'مكلخ']);
  const found = (text: string) => list.firstMatch(text)?.listed;

  it('finds the word with harakat, tatweel and stretched letters', () => {
    assert.equal(found('انت حِمَار'), 'حمار');
    assert.equal(found('يا حمـــــار'), 'حمار');
    assert.equal(found('حماااااار'), 'حمار');
    assert.equal(found('كلللللب'), 'كلب');
  });
  it('finds it behind proclitics and before endings', () => {
    assert.equal(found('وبحمار مثلك'), 'حمار');
    assert.equal(found('ياكلب'), 'كلب');
    assert.equal(found('والحمار'), 'حمار');
    assert.equal(found('هذه حمارة'), 'حمار');
    assert.equal(found('القحبة'), 'قحبة');
  });
  it('finds Latin-script Darija with digits for letters', () => {
    assert.equal(found('nta 7mar'), 'حمار');
    assert.equal(found('7maaaar'), 'حمار');
    assert.equal(found('hmar'), 'حمار');
    assert.equal(found('wld l9a7ba'), 'قحبة');
    assert.equal(found('khanzir'), 'خنزير');
    assert.equal(found('mkelekh'), 'مكلخ');
    assert.equal(found('KELB'), 'كلب');
  });
  it('leaves clean words alone, in both scripts', () => {
    for (const text of [
      'حماية المستهلك',
      'الحمراء',
      'كلية الحقوق',
      'club de foot',
      'le match',
      'mar7ba bikom',
      'قلب المدينة',
    ]) {
      assert.equal(found(text), undefined, text);
    }
  });
  it('is what the chain holds as banned_words, with the word found', () => {
    assert.deepEqual(bannedWordCheck(facts({ body: 'سير ا 7mar' })), {
      kind: 'hold',
      reason: 'banned_words',
      detail: '7mar',
    });
  });
  it('compares skeletons across scripts', () => {
    assert.equal(arabicSkeleton('حمار'), latinSkeleton('7mar'));
    assert.equal(arabicSkeleton('قحبه'), latinSkeleton('9a7ba'));
    assert.notEqual(latinSkeleton('club'), arabicSkeleton('كلب'));
  });
});

describe('repeated text, new commenters, reports', () => {
  it('holds the same text again from the same address', () => {
    assert.deepEqual(repeatedTextCheck(facts({ sameTextRecently: true })), { kind: 'hold', reason: 'repeated' });
    assert.equal(textKey('  شكرا   جزيلا  '), textKey('شُكراً جزيلا'));
  });
  it('holds a commenter until two of theirs were approved', () => {
    assert.equal(newCommenterCheck(facts({ approvedBefore: 1 }))?.kind, 'hold');
    assert.equal(newCommenterCheck(facts({ approvedBefore: 2 })), undefined);
  });
  it('takes a comment back after three reports', () => {
    assert.equal(heldByReports(2), false);
    assert.equal(heldByReports(3), true);
  });
});

describe('the chain', () => {
  it('lets the first verdict win', () => {
    // Too long and flooding: the length is said first.
    const both = firstVerdict(facts({ body: 'ب'.repeat(6000), lastMinute: 50 }));
    assert.equal(both?.kind === 'refuse' && both.code, 'comment_too_long');
    // A banned address with a link: spam, not held for the link.
    assert.equal(firstVerdict(facts({ banned: true, body: 'www.x.com' }))?.kind, 'spam');
    // A link and an insult from a new commenter: the link.
    const link = firstVerdict(facts({ body: 'حمار www.x.com', approvedBefore: 0 }));
    assert.equal(link?.kind === 'hold' && link.reason, 'link');
    const insult = firstVerdict(facts({ body: 'حمار', approvedBefore: 0 }));
    assert.equal(insult?.kind === 'hold' && insult.reason, 'banned_words');
    assert.equal(firstVerdict(clean), undefined);
  });
});
