import type { Readable } from 'node:stream';
import type { Config } from '../config.ts';
import { MediaFiles } from './media-files.ts';
import type { Variant } from './variants.ts';

/** A kept file as the media route sends it. */
export interface MediaObject {
  body: Readable;
  bytes: number;
  contentType: string;
}

/** Whether images can be written and read now: what `/readyz` reports. */
export type MediaStorageReadiness = { ok: true } | { ok: false; reason: string };

/**
 * Where the image files are kept, by key (media-keys.ts): the data directory's media/ folder
 * (media-files.ts, the default) or an S3 bucket (s3-media-storage.ts). Every write is whole or
 * absent: a caller records a file in the database only after its write returned.
 */
export interface MediaStorage {
  readonly kind: 'local' | 's3';
  /** Stores the variants of the upload with this hash, all of them or none (a MediaError 503 when the store refuses). */
  storeVariants(hash: string, variants: readonly Variant[]): Promise<void>;
  /** Stores one file under `key` (a WordPress copy, a migrated file), unless it is there already. */
  storeFile(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The file under `key`, or undefined when there is none. */
  read(key: string): Promise<MediaObject | undefined>;
  /** Whether the store answers now (the bucket exists and the credentials are accepted). */
  check(): Promise<MediaStorageReadiness>;
  /** Lets go of connections (a command-line run that is done with the store). */
  close(): void;
}

/** The storage the configuration names; the S3 client is loaded only when a bucket is used. */
export async function openMediaStorage(config: Config): Promise<MediaStorage> {
  if (config.mediaStorage === 's3' && config.s3) {
    const { S3MediaStorage } = await import('./s3-media-storage.ts');
    return new S3MediaStorage(config.s3);
  }
  return new MediaFiles(config.dataDir);
}
