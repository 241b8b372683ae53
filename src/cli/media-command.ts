import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { MediaFiles } from '../media/media-files.ts';
import { migrateMediaToBucket } from '../media/media-migration.ts';
import { S3MediaStorage } from '../media/s3-media-storage.ts';
import { progressBar } from './progress.ts';

export const MEDIA_USAGE = `npx ghad media migrate --to s3 [--overwrite]
    Copies every image file under GHAD_DATA_DIR/media to the bucket GHAD_S3_BUCKET
    (GHAD_S3_ENDPOINT, GHAD_S3_REGION, credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
    or the AWS SDK's usual chain), reads every object back and checks its SHA-256 against the
    local file. Run again, it skips the objects already there with the right hash, so a run
    that stopped is resumed; local files are never deleted. Exits 1 when an object differs
    (each is listed); --overwrite replaces those with the local file. Then set
    GHAD_MEDIA_STORAGE=s3 and restart.`;

export async function mediaCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { to: { type: 'string' }, overwrite: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(MEDIA_USAGE);
    return 0;
  }
  if (positionals[0] !== 'migrate' || positionals.length > 1 || values.to !== 's3') {
    console.error(MEDIA_USAGE);
    return 2;
  }
  if (!config.s3) {
    console.error(
      'ghad: media migrate --to s3 needs GHAD_S3_BUCKET (and GHAD_S3_ENDPOINT for a server other than AWS).',
    );
    return 1;
  }
  const bucket = new S3MediaStorage(config.s3);
  try {
    const ready = await bucket.check();
    if (!ready.ok) {
      console.error(`ghad: ${ready.reason}; nothing was copied.`);
      return 1;
    }
    const bar = progressBar('media migrate');
    const started = performance.now();
    const summary = await migrateMediaToBucket(new MediaFiles(config.dataDir), bucket, {
      overwrite: values.overwrite ?? false,
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.stop();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    for (const { key, why } of summary.mismatched) console.error(`mismatch ${key}: ${why}`);
    console.log(
      `Media to s3://${bucket.bucket}: ${summary.files} files, ${summary.copied} copied ` +
        `(${(summary.bytesCopied / 1024 / 1024).toFixed(1)} MB), ${summary.alreadyThere} already there, ` +
        `${summary.replaced} replaced, ${summary.mismatched.length} mismatched, every hash checked, in ${seconds} s.`,
    );
    if (summary.mismatched.length > 0) {
      console.error(
        `ghad: ${summary.mismatched.length} objects differ from the local files: see above; run again with --overwrite to replace them.`,
      );
      return 1;
    }
    return 0;
  } finally {
    bucket.close();
  }
}
