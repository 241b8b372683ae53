import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { S3Settings } from '../config.ts';
import { MEDIA_ERRORS } from './media-error.ts';
import { assertHash, mediaKeyOf, variantPath } from './media-keys.ts';
import type { MediaObject, MediaStorage, MediaStorageReadiness } from './media-storage.ts';
import type { Variant } from './variants.ts';

/** A content-addressed object never changes: caches may keep it for a year. */
const OBJECT_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/**
 * The image files in an S3 bucket (GHAD_MEDIA_STORAGE=s3), each under its key (media-keys.ts),
 * so that every app host reads and writes the same ones. Credentials come from the AWS SDK's
 * usual chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, an instance role); an
 * endpoint other than AWS's (GHAD_S3_ENDPOINT) is addressed path-style. A store that refuses
 * or does not answer becomes a MediaError 503 with an Arabic message.
 */
export class S3MediaStorage implements MediaStorage {
  readonly kind = 's3';
  readonly bucket: string;
  readonly #client: S3Client;
  readonly #where: string;

  constructor(settings: S3Settings, credentials?: { accessKeyId: string; secretAccessKey: string }) {
    this.bucket = settings.bucket;
    this.#where = `bucket "${settings.bucket}"${settings.endpoint ? ` at ${settings.endpoint}` : ''}`;
    this.#client = new S3Client({
      region: settings.region,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      forcePathStyle: settings.forcePathStyle,
      ...(credentials ? { credentials } : {}),
      // S3-compatible servers do not all know the SDK's newer default checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
      // A store that stops answering fails the upload in seconds instead of holding it.
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    });
  }

  /**
   * Puts every variant, then returns; if one put fails, the ones this call put are deleted
   * (best effort) and nothing is recorded, so no row ever names a missing object. Objects left
   * by a deletion that failed too are unnamed by any row and written again by the next upload.
   */
  async storeVariants(hash: string, variants: readonly Variant[]): Promise<void> {
    assertHash(hash);
    const puts = variants.map((variant) => {
      const key = variantPath(hash, variant.width, variant.format);
      const contentType = variant.format === 'webp' ? 'image/webp' : 'image/jpeg';
      return this.#put(key, variant.data, contentType).then(() => key);
    });
    const results = await Promise.allSettled(puts);
    const failed = results.find((r) => r.status === 'rejected');
    if (!failed) return;
    const written = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    await Promise.allSettled(
      written.map((key) => this.#client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }))),
    );
    throw MEDIA_ERRORS.storageUnavailable(this.#describe(failed.reason));
  }

  async storeFile(key: string, bytes: Buffer, contentType: string): Promise<void> {
    if (!mediaKeyOf(key)) throw new Error(`Not a media key: ${key}`);
    try {
      if (await this.#has(key)) return;
      await this.#put(key, bytes, contentType);
    } catch (error) {
      throw MEDIA_ERRORS.storageUnavailable(this.#describe(error));
    }
  }

  /** Writes `key` whatever is there (`ghad media migrate --overwrite`). */
  async replaceFile(key: string, bytes: Buffer, contentType: string): Promise<void> {
    await this.#put(key, bytes, contentType);
  }

  async read(key: string): Promise<MediaObject | undefined> {
    const found = mediaKeyOf(key);
    if (!found) return undefined;
    try {
      const answer = await this.#client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        body: answer.Body as Readable,
        bytes: Number(answer.ContentLength ?? 0),
        contentType: found.contentType,
      };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async check(): Promise<MediaStorageReadiness> {
    try {
      await this.#client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: this.#describe(error) };
    }
  }

  /** Stops the client's connections (a command-line run that is done with the bucket). */
  close(): void {
    this.#client.destroy();
  }

  async #has(key: string): Promise<boolean> {
    try {
      await this.#client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async #put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
        ContentLength: bytes.length,
        CacheControl: OBJECT_CACHE_CONTROL,
      }),
    );
  }

  /** One line a person can act on: which bucket, and what it answered. */
  #describe(error: unknown): string {
    const failed = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const status = failed.$metadata?.httpStatusCode;
    // HEAD answers have no body: the SDK can name their errors only by status.
    const name = !failed.name || failed.name === 'Unknown' ? (status ? `HTTP ${status}` : 'Error') : failed.name;
    if (name === 'NoSuchBucket' || (name === 'NotFound' && status === 404)) {
      return `S3 ${this.#where} does not exist`;
    }
    if (['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'Forbidden'].includes(name) || status === 403) {
      return `S3 ${this.#where} refused the credentials (${name}): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`;
    }
    if (name === 'CredentialsProviderError') {
      return `no S3 credentials for ${this.#where}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`;
    }
    const code = failed.code ?? (error as { cause?: { code?: string } }).cause?.code;
    return `S3 ${this.#where} did not answer (${code ?? name}${failed.message ? `: ${firstLine(failed.message)}` : ''})`;
  }
}

function isMissing(error: unknown): boolean {
  const failed = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (failed.name === 'NoSuchBucket') return false;
  return failed.name === 'NoSuchKey' || failed.name === 'NotFound' || failed.$metadata?.httpStatusCode === 404;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 200);
}
