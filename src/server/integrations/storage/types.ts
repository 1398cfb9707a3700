import type { Readable } from "node:stream";

/** What a stored object is: its size in bytes and the content type it was stored with. */
export interface ObjectHead {
  size: number;
  contentType: string;
}

/** A browser uploads the file itself: `fetch(url, { method, headers, body })`. */
export interface PresignedUpload {
  url: string;
  method: "PUT";
  headers: Record<string, string>;
}

export interface PresignUploadOptions {
  contentType: string;
  maxBytes: number;
  expiresInSeconds: number;
}

export interface PresignDownloadOptions {
  expiresInSeconds: number;
  /** When given, the file is served as an attachment under this name. */
  downloadName?: string;
}

/**
 * Object storage: S3 / Cloudflare R2 in production, a directory on a developer machine. Keys are
 * slash-separated relative paths (see keys.ts); workspace code builds them with workspaceKey() only.
 */
export interface Storage {
  readonly driver: "s3" | "filesystem";
  putObject(key: string, body: Buffer | Readable, options: { contentType: string }): Promise<void>;
  /** The object's bytes, or null when there is no such object. */
  getObjectStream(key: string): Promise<Readable | null>;
  headObject(key: string): Promise<ObjectHead | null>;
  /** Deleting a missing object is not an error. */
  deleteObject(key: string): Promise<void>;
  /** Deletes every object whose key starts with `prefix`; answers how many were deleted. */
  deleteByPrefix(prefix: string): Promise<number>;
  presignUpload(key: string, options: PresignUploadOptions): Promise<PresignedUpload>;
  presignDownload(key: string, options: PresignDownloadOptions): Promise<string>;
  /** Streams a body of unknown, possibly large size (multipart on S3). */
  uploadLarge(key: string, stream: Readable, options: { contentType: string }): Promise<void>;
}
