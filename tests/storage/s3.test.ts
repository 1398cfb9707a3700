import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseEnv } from "@/env";
import { createStorage } from "@/server/integrations/storage";
import { S3Storage, s3Endpoint } from "@/server/integrations/storage/s3";
import { startS3rver, type RunningS3rver } from "./s3rver";

let server: RunningS3rver;
let storage: S3Storage;
let raw: S3Client;

beforeAll(async () => {
  server = await startS3rver();
  storage = new S3Storage({
    bucket: server.bucket,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    endpoint: server.endpoint,
    region: "us-east-1",
  });
  raw = new S3Client({
    region: "us-east-1",
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
});

afterAll(async () => {
  storage?.destroy();
  raw?.destroy();
  await server?.stop();
});

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

async function listKeys(prefix: string): Promise<string[]> {
  const page = await raw.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((o) => o.Key!).sort();
}

describe("S3 storage against s3rver", () => {
  it("puts, heads and streams an object back; a missing one is null", async () => {
    const body = Buffer.from("name,email\nAda,ada@example.com\n");
    await storage.putObject("ws/1/imports/a.csv", body, { contentType: "text/csv" });

    expect(await storage.headObject("ws/1/imports/a.csv")).toEqual({ size: body.length, contentType: "text/csv" });
    const stream = await storage.getObjectStream("ws/1/imports/a.csv");
    expect(await readAll(stream!)).toEqual(body);

    expect(await storage.headObject("ws/1/imports/missing.csv")).toBeNull();
    expect(await storage.getObjectStream("ws/1/imports/missing.csv")).toBeNull();
    await storage.deleteObject("ws/1/imports/a.csv");
    expect(await storage.headObject("ws/1/imports/a.csv")).toBeNull();
  });

  it("takes a stream through putObject", async () => {
    await storage.putObject("ws/1/exports/s.csv", Readable.from([Buffer.from("a,"), Buffer.from("b\n")]), {
      contentType: "text/csv",
    });
    expect(await readAll((await storage.getObjectStream("ws/1/exports/s.csv"))!)).toEqual(Buffer.from("a,b\n"));
  });

  it("presigned PUT and GET work with plain fetch, with the download name as Content-Disposition", async () => {
    const key = "ws/2/attachments/photo.png";
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const upload = await storage.presignUpload(key, { contentType: "image/png", maxBytes: 1024, expiresInSeconds: 60 });
    expect(upload.method).toBe("PUT");
    expect(new URL(upload.url).pathname).toBe(`/${server.bucket}/${key}`);
    const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: bytes });
    expect(put.status).toBe(200);
    expect(await storage.headObject(key)).toEqual({ size: bytes.length, contentType: "image/png" });

    const url = await storage.presignDownload(key, { expiresInSeconds: 60, downloadName: "Café photo.png" });
    const get = await fetch(url);
    expect(get.status).toBe(200);
    expect(Buffer.from(await get.arrayBuffer())).toEqual(bytes);
    expect(get.headers.get("content-disposition")).toContain("attachment;");
    expect(get.headers.get("content-disposition")).toContain("Caf%C3%A9%20photo.png");
  });

  it("refuses an expired presigned URL with 403", async () => {
    const key = "ws/2/exports/old.csv";
    await storage.putObject(key, Buffer.from("x"), { contentType: "text/csv" });
    let url: string;
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() - 60 * 60 * 1000);
      url = await storage.presignDownload(key, { expiresInSeconds: 60 });
    } finally {
      vi.useRealTimers();
    }
    const response = await fetch(url);
    expect(response.status).toBe(403);
    await response.arrayBuffer();
    expect((await fetch(await storage.presignDownload(key, { expiresInSeconds: 60 }))).status).toBe(200);
  });

  it("uploads a stream larger than one part as a multipart upload", async () => {
    const key = "ws/3/exports/big.csv";
    const chunk = Buffer.alloc(64 * 1024, "a");
    const chunkCount = 176; // 11 MiB: three 5 MiB parts
    const expected = createHash("md5");
    async function* generate() {
      for (let i = 0; i < chunkCount; i++) {
        expected.update(chunk);
        yield chunk;
      }
    }
    const logBefore = server.log().length;
    await storage.uploadLarge(key, Readable.from(generate()), { contentType: "text/csv" });
    const partsStored = server.log().slice(logBefore).match(/Stored part \d+ of/g) ?? [];
    expect(partsStored).toHaveLength(3);

    const head = await raw.send(new HeadObjectCommand({ Bucket: server.bucket, Key: key }));
    expect(head.ContentLength).toBe(chunk.length * chunkCount);
    expect(head.ContentType).toBe("text/csv");
    const actual = createHash("md5").update(await readAll((await storage.getObjectStream(key))!));
    expect(actual.digest("hex")).toBe(expected.digest("hex"));
  });

  it("deletes by prefix only what starts with the prefix (ws/7/ is not ws/70/)", async () => {
    for (const key of ["ws/7/imports/a.csv", "ws/7/imports/b.csv", "ws/7/exports/c.zip", "ws/70/imports/d.csv", "ws/8/e.csv"]) {
      await raw.send(new PutObjectCommand({ Bucket: server.bucket, Key: key, Body: "x" }));
    }
    expect(await listKeys("ws/7/")).toEqual(["ws/7/exports/c.zip", "ws/7/imports/a.csv", "ws/7/imports/b.csv"]);

    expect(await storage.deleteByPrefix("ws/7/")).toBe(3);
    expect(await listKeys("ws/7/")).toEqual([]);
    expect(await listKeys("ws/70/")).toEqual(["ws/70/imports/d.csv"]);
    expect(await listKeys("ws/8/")).toEqual(["ws/8/e.csv"]);
    expect(await storage.deleteByPrefix("ws/7/")).toBe(0);
  });

  it("refuses traversal, absolute and NUL keys before calling S3", async () => {
    for (const key of ["ws/1/../2/x", "/ws/1/x", "ws/1/x\u0000.csv", "ws//1", ""]) {
      await expect(storage.putObject(key, Buffer.from("x"), { contentType: "text/csv" })).rejects.toThrow(
        /Invalid storage key/,
      );
    }
    await expect(storage.deleteByPrefix("../")).rejects.toThrow(/Invalid storage key/);
  });
});

describe("storage configuration", () => {
  const base = { ENCRYPTION_KEY: process.env.ENCRYPTION_KEY, JWT_SECRET: process.env.JWT_SECRET, JWT_REFRESH_SECRET: process.env.JWT_REFRESH_SECRET };
  const r2 = { R2_ACCESS_KEY_ID: "id", R2_SECRET_ACCESS_KEY: "secret", R2_BUCKET_NAME: "bucket" };

  it("uses S3 when the R2 credentials are set, else the filesystem", () => {
    expect(createStorage(parseEnv({ ...base, ...r2, R2_ACCOUNT_ID: "acc" })).driver).toBe("s3");
    expect(createStorage(parseEnv({ ...base, STORAGE_DIR: "/tmp/x" })).driver).toBe("filesystem");
  });

  it("derives the R2 endpoint from the account unless S3_ENDPOINT is set", () => {
    expect(s3Endpoint({ accountId: "abc123" })).toBe("https://abc123.r2.cloudflarestorage.com");
    expect(s3Endpoint({ accountId: "abc123", endpoint: "http://127.0.0.1:9000" })).toBe("http://127.0.0.1:9000");
  });

  it("refuses R2 credentials without an account id or endpoint", () => {
    expect(() => parseEnv({ ...base, ...r2 })).toThrow(/R2_ACCOUNT_ID/);
    expect(() => parseEnv({ ...base, R2_ACCESS_KEY_ID: "id" })).toThrow(/must be set together/);
  });
});
