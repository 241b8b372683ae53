import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from '../../src/config.ts';

/**
 * An S3-compatible server for tests: s3rver (an S3 emulator on npm that checks SigV4
 * signatures, so wrong credentials are refused as by S3), started in this process on 127.0.0.1
 * at a free port with its own folder and buckets. Found in the project's node_modules, or
 * under GHAD_TEST_S3RVER_DIR (a folder where `npm install --prefix <dir> s3rver` put it).
 */
export interface S3TestServer {
  endpoint: string;
  /** The credentials the server accepts (s3rver's own account). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The settings of one of its buckets (or of one it does not have). */
  settings(bucket: string): S3Settings;
  createBucket(bucket: string): Promise<void>;
  /** Removes an object, as an operator or a lost write would. */
  deleteObject(bucket: string, key: string): Promise<void>;
  close(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
  httpServer?: { closeAllConnections(): void };
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

/** Why S3 tests are skipped here, or undefined when s3rver is found. */
export const S3_SERVER_MISSING = loadS3rver()
  ? undefined
  : 's3rver is not installed: `npm install --no-save s3rver`, or set GHAD_TEST_S3RVER_DIR to where `npm install --prefix <dir> s3rver` put it';

function loadS3rver(): S3rverClass | undefined {
  const places = [
    import.meta.filename,
    ...(process.env.GHAD_TEST_S3RVER_DIR ? [path.join(process.env.GHAD_TEST_S3RVER_DIR, 'index.js')] : []),
  ];
  for (const place of places) {
    try {
      return createRequire(place)('s3rver') as S3rverClass;
    } catch {}
  }
  return undefined;
}

export async function startS3Server(buckets: string[]): Promise<S3TestServer> {
  const S3rver = loadS3rver();
  if (!S3rver) throw new Error(S3_SERVER_MISSING);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ghad-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials });
  return {
    endpoint,
    credentials,
    settings: (bucket) => ({ bucket, region: 'us-east-1', endpoint, forcePathStyle: true }),
    async createBucket(bucket) {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    },
    async deleteObject(bucket, key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async close() {
      client.destroy();
      server.httpServer?.closeAllConnections();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
