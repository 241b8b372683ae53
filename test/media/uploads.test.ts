import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MediaFiles } from '../../src/media/media-files.ts';
import { cleanFileName, MediaUploads } from '../../src/media/uploads.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';
import { photo } from '../helpers/images.ts';

describe('cleanFileName', () => {
  it('keeps the last part of the name without control characters', () => {
    assert.equal(cleanFileName('C:\\Users\\hajar\\صورة الرباط.jpg'), 'صورة الرباط.jpg');
    assert.equal(cleanFileName('../../etc/passwd'), 'passwd');
    assert.equal(cleanFileName('a\u0000b\nc.png'), 'abc.png');
    assert.equal(cleanFileName('   '), null);
  });
});

for (const dialect of DIALECTS) {
  describe(`MediaUploads (${dialect})`, () => {
    let store: Store;
    let dataDir: string;
    let cleanup: () => Promise<void>;
    let uploads: MediaUploads;

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      dataDir = fresh.options.dataDir;
      store = await openStore(fresh.options);
      uploads = new MediaUploads(store.media, new MediaFiles(dataDir), { maxBytes: 5_000_000, maxPixels: 20_000_000 });
    });
    after(async () => {
      await store?.close();
      await cleanup?.();
    });

    it('keeps one row and one folder for the same file uploaded twice at the same moment', async () => {
      const bytes = await photo(700, 400, 'jpeg', 21);
      const [a, b] = await Promise.all([
        uploads.upload({ bytes, originalName: 'a.jpg', uploadedBy: 1, text: { alt: 'الأولى' } }),
        uploads.upload({ bytes: Buffer.from(bytes), originalName: 'b.jpg', uploadedBy: 2, text: { alt: 'الثانية' } }),
      ]);
      assert.equal(a.media.id, b.media.id);
      assert.deepEqual([a.created, b.created].sort(), [false, true]);
      assert.equal((await store.media.list({})).total, 1);
      const folder = path.join(dataDir, 'media', a.media.hash.slice(0, 2), a.media.hash);
      assert.deepEqual(fs.readdirSync(folder).sort(), ['320.jpg', '320.webp', '700.jpg', '700.webp']);
      assert.deepEqual(fs.readdirSync(path.join(dataDir, 'media', '.incoming')), [], 'no half-written folder left');
      const again = await uploads.upload({ bytes, originalName: 'c.jpg', uploadedBy: 3 });
      assert.equal(again.created, false);
      assert.equal(again.media.originalName, a.created ? 'a.jpg' : 'b.jpg', 'the first upload’s row, untouched');
    });

    it('never rewrites a folder already stored for a hash', async () => {
      const bytes = await photo(500, 300, 'png', 22);
      const first = await uploads.upload({ bytes, originalName: 'x.png', uploadedBy: 1 });
      const file = path.join(dataDir, 'media', first.media.hash.slice(0, 2), first.media.hash, '500.jpg');
      const before = fs.statSync(file).mtimeMs;
      // A row lost after its files were written (a crash in between): the next upload writes the row only.
      await store.db.deleteFrom('media').where('id', '=', first.media.id).execute();
      const second = await uploads.upload({ bytes, originalName: 'x.png', uploadedBy: 1 });
      assert.equal(second.created, true);
      assert.equal(fs.statSync(file).mtimeMs, before);
      assert.equal(second.media.path, `${first.media.hash}/500.jpg`);
      assert.deepEqual(second.media.variantWidths, [320, 500]);
    });

    it('finds the images a body names in one call, ignoring ids that are not there', async () => {
      const { items } = await store.media.list({});
      const found = await store.media.findByIds([...items.map((m) => m.id), 999_999, -1]);
      assert.deepEqual([...found.keys()].sort(), items.map((m) => m.id).sort());
    });
  });
}
