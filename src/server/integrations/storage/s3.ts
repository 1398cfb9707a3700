import { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { assertValidKey, assertValidPrefix, contentDisposition } from "./keys";
import type { ObjectHead, PresignDownloadOptions, PresignedUpload, PresignUploadOptions, Storage } from "./types";

export interface S3StorageConfig {
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Cloudflare R2: the endpoint is derived from it unless `endpoint` is given. */
  accountId?: string;
  /** Any S3-compatible endpoint; addressed path-style. */
  endpoint?: string;
  region?: string;
}

const DELETE_BATCH = 1000;
const MULTIPART_PART_BYTES = 5 * 1024 * 1024;

export function s3Endpoint(config: Pick<S3StorageConfig, "accountId" | "endpoint">): string {
  if (config.endpoint) return config.endpoint;
  if (config.accountId) return `https://${config.accountId}.r2.cloudflarestorage.com`;
  throw new Error("S3 storage needs S3_ENDPOINT or R2_ACCOUNT_ID");
}

export class S3Storage implements Storage {
  readonly driver = "s3" as const;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(config: S3StorageConfig) {
    this.bucket = config.bucket;
    this.client = new S3Client({
      region: config.region ?? "auto",
      endpoint: s3Endpoint(config),
      // R2 accepts both; other S3-compatible servers (MinIO, s3rver) usually only path-style.
      forcePathStyle: Boolean(config.endpoint),
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // The SDK's default CRC checksums on every request are not supported by every S3-compatible
      // server (R2 rejects some, others store aws-chunked framing); send them only where S3 requires one.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  async putObject(key: string, body: Buffer | Readable, { contentType }: { contentType: string }): Promise<void> {
    assertValidKey(key);
    if (body instanceof Readable) return this.uploadLarge(key, body, { contentType });
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  async getObjectStream(key: string): Promise<Readable | null> {
    assertValidKey(key);
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return result.Body as Readable;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async headObject(key: string): Promise<ObjectHead | null> {
    assertValidKey(key);
    try {
      const result = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: result.ContentLength ?? 0, contentType: result.ContentType ?? "application/octet-stream" };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async deleteObject(key: string): Promise<void> {
    assertValidKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async deleteByPrefix(prefix: string): Promise<number> {
    assertValidPrefix(prefix);
    let deleted = 0;
    let continuationToken: string | undefined;
    // Deleting while listing is safe: each page is deleted before the next one is asked for.
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          MaxKeys: DELETE_BATCH,
          ContinuationToken: continuationToken,
        }),
      );
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (keys.length > 0) {
        const result = await this.client.send(
          new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } }),
        );
        if (result.Errors && result.Errors.length > 0) {
          const first = result.Errors[0]!;
          throw new Error(`Could not delete ${result.Errors.length} objects (first: ${first.Key}: ${first.Code})`);
        }
        deleted += keys.length;
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
    return deleted;
  }

  /**
   * A presigned PUT binds the key and the Content-Type (a signed header); S3 cannot bind a maximum size to a
   * PUT, so the size is checked when the upload is confirmed (confirmWorkspaceUpload in workspace-files.ts).
   */
  async presignUpload(key: string, { contentType, expiresInSeconds }: PresignUploadOptions): Promise<PresignedUpload> {
    assertValidKey(key);
    const url = await getSignedUrl(
      this.client,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }),
      { expiresIn: expiresInSeconds, signableHeaders: new Set(["content-type"]) },
    );
    return { url, method: "PUT", headers: { "Content-Type": contentType } };
  }

  async presignDownload(key: string, { expiresInSeconds, downloadName }: PresignDownloadOptions): Promise<string> {
    assertValidKey(key);
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentDisposition: downloadName ? contentDisposition(downloadName) : undefined,
      }),
      { expiresIn: expiresInSeconds },
    );
  }

  async uploadLarge(key: string, stream: Readable, { contentType }: { contentType: string }): Promise<void> {
    assertValidKey(key);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: stream, ContentType: contentType },
      partSize: MULTIPART_PART_BYTES,
      queueSize: 2,
      // A failed part aborts the multipart upload so no orphaned parts stay billed.
      leavePartsOnError: false,
    });
    await upload.done();
  }

  /** For tests and shutdown. */
  destroy(): void {
    this.client.destroy();
  }
}

function isNotFound(e: unknown): boolean {
  if (e instanceof S3ServiceException) {
    return e.$metadata.httpStatusCode === 404 || e.name === "NoSuchKey" || e.name === "NotFound";
  }
  return false;
}
