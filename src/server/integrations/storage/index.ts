import { getEnv, type Env } from "@/env";
import { FilesystemStorage } from "./filesystem";
import { S3Storage } from "./s3";
import { deriveUrlSigningKey } from "./signed-urls";
import type { Storage } from "./types";

export type { ObjectHead, PresignedUpload, Storage } from "./types";

let cached: Storage | undefined;

/** S3 / R2 when its credentials are configured, else the filesystem under STORAGE_DIR. */
export function getStorage(): Storage {
  cached ??= createStorage(getEnv());
  return cached;
}

/** Tests change STORAGE_DIR or the R2 variables between files; this forgets the driver. */
export function resetStorageCache(): void {
  cached = undefined;
}

export function createStorage(env: Env): Storage {
  if (env.R2_ACCESS_KEY_ID && env.R2_SECRET_ACCESS_KEY && env.R2_BUCKET_NAME) {
    return new S3Storage({
      bucket: env.R2_BUCKET_NAME,
      accessKeyId: env.R2_ACCESS_KEY_ID,
      secretAccessKey: env.R2_SECRET_ACCESS_KEY,
      accountId: env.R2_ACCOUNT_ID,
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION ?? "auto",
    });
  }
  return createFilesystemStorage(env);
}

export function createFilesystemStorage(env: Env): FilesystemStorage {
  return new FilesystemStorage({
    rootDir: env.STORAGE_DIR,
    appUrl: env.APP_URL,
    urlSigningKey: deriveUrlSigningKey(env.ENCRYPTION_KEY),
  });
}
