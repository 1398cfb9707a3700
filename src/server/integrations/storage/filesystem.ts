import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "@/server/errors";
import { assertValidKey, assertValidPrefix } from "./keys";
import { buildSignedFileUrl } from "./signed-urls";
import type { ObjectHead, PresignDownloadOptions, PresignedUpload, PresignUploadOptions, Storage } from "./types";

export interface FilesystemStorageConfig {
  /** Directory that holds everything; created on first write. */
  rootDir: string;
  appUrl: string;
  urlSigningKey: Buffer;
}

/** A body went over the size a signed upload allows; nothing was stored. */
export class ObjectTooLargeError extends AppError {
  constructor(readonly maxBytes: number) {
    super("BAD_REQUEST", `The file is larger than the allowed ${maxBytes} bytes.`);
  }
}

interface StoredMeta {
  contentType: string;
}

/**
 * The local driver. Objects live in `<root>/objects/<key>`, their content type in `<root>/meta/<key>.json`
 * (a separate tree, so no key can collide with metadata), and writes go through `<root>/tmp` and a rename so
 * a reader never sees half a file.
 */
export class FilesystemStorage implements Storage {
  readonly driver = "filesystem" as const;
  private readonly root: string;

  constructor(private readonly config: FilesystemStorageConfig) {
    this.root = path.resolve(config.rootDir);
  }

  /** The absolute file of a key; throws unless it stays inside `<root>/<tree>`. */
  private pathOf(tree: "objects" | "meta", key: string): string {
    assertValidKey(key);
    const base = path.join(this.root, tree);
    const resolved = path.resolve(base, tree === "meta" ? `${key}.json` : key);
    if (!resolved.startsWith(base + path.sep)) {
      throw new AppError("BAD_REQUEST", "Invalid storage key: it leaves the storage directory.");
    }
    return resolved;
  }

  putObject(key: string, body: Buffer | Readable, { contentType }: { contentType: string }): Promise<void> {
    return this.writeObject(key, body, { contentType });
  }

  uploadLarge(key: string, stream: Readable, options: { contentType: string }): Promise<void> {
    return this.writeObject(key, stream, options);
  }

  /** Writes atomically; with `maxBytes`, stops and stores nothing once the body passes it. */
  async writeObject(
    key: string,
    body: Buffer | Readable | ReadableStream<Uint8Array>,
    { contentType, maxBytes }: { contentType: string; maxBytes?: number },
  ): Promise<void> {
    const file = this.pathOf("objects", key);
    const metaFile = this.pathOf("meta", key);
    const tmpDir = path.join(this.root, "tmp");
    await fs.mkdir(tmpDir, { recursive: true });
    const tmpFile = path.join(tmpDir, randomUUID());
    const source =
      body instanceof Buffer ? Readable.from([body]) : body instanceof Readable ? body : Readable.fromWeb(body as never);
    let written = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        written += chunk.length;
        if (maxBytes !== undefined && written > maxBytes) callback(new ObjectTooLargeError(maxBytes));
        else callback(null, chunk);
      },
    });
    try {
      await pipeline(source, limit, createWriteStream(tmpFile, { flags: "wx" }));
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.mkdir(path.dirname(metaFile), { recursive: true });
      const meta: StoredMeta = { contentType };
      await fs.writeFile(metaFile, JSON.stringify(meta));
      await fs.rename(tmpFile, file);
    } catch (e) {
      await fs.rm(tmpFile, { force: true });
      throw e;
    }
  }

  async getObjectStream(key: string): Promise<Readable | null> {
    const file = this.pathOf("objects", key);
    try {
      const handle = await fs.open(file, "r");
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        return null;
      }
      return handle.createReadStream();
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  async headObject(key: string): Promise<ObjectHead | null> {
    const file = this.pathOf("objects", key);
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) return null;
      return { size: stat.size, contentType: await this.readContentType(key) };
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  private async readContentType(key: string): Promise<string> {
    try {
      const meta = JSON.parse(await fs.readFile(this.pathOf("meta", key), "utf8")) as StoredMeta;
      return meta.contentType;
    } catch (e) {
      if (isMissing(e)) return "application/octet-stream";
      throw e;
    }
  }

  async deleteObject(key: string): Promise<void> {
    await fs.rm(this.pathOf("objects", key), { force: true });
    await fs.rm(this.pathOf("meta", key), { force: true });
  }

  async deleteByPrefix(prefix: string): Promise<number> {
    assertValidPrefix(prefix);
    // Only the directory the prefix names (or the one its last segment is in) can hold matching keys.
    const lastSlash = prefix.lastIndexOf("/");
    const dirKey = lastSlash === -1 ? "" : prefix.slice(0, lastSlash);
    const objectsRoot = path.join(this.root, "objects");
    const dir = dirKey ? this.pathOf("objects", dirKey) : objectsRoot;
    let entries: string[];
    try {
      entries = await fs.readdir(dir, { recursive: true });
    } catch (e) {
      if (isMissing(e) || (e as NodeJS.ErrnoException).code === "ENOTDIR") return 0;
      throw e;
    }
    let deleted = 0;
    for (const entry of entries) {
      const file = path.join(dir, entry);
      const key = path.relative(objectsRoot, file).split(path.sep).join("/");
      if (!key.startsWith(prefix)) continue;
      const stat = await fs.stat(file).catch(() => null);
      if (!stat?.isFile()) continue;
      await this.deleteObject(key);
      deleted++;
    }
    return deleted;
  }

  async presignUpload(key: string, { contentType, maxBytes, expiresInSeconds }: PresignUploadOptions): Promise<PresignedUpload> {
    assertValidKey(key);
    const url = buildSignedFileUrl(this.config.appUrl, this.config.urlSigningKey, {
      method: "PUT",
      key,
      expires: expiresAt(expiresInSeconds),
      contentType,
      maxBytes,
    });
    return { url, method: "PUT", headers: { "Content-Type": contentType } };
  }

  async presignDownload(key: string, { expiresInSeconds, downloadName }: PresignDownloadOptions): Promise<string> {
    assertValidKey(key);
    return buildSignedFileUrl(this.config.appUrl, this.config.urlSigningKey, {
      method: "GET",
      key,
      expires: expiresAt(expiresInSeconds),
      downloadName,
    });
  }
}

function expiresAt(expiresInSeconds: number): number {
  return Math.floor(Date.now() / 1000) + expiresInSeconds;
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR";
}
