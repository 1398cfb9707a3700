import { mkdtemp, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, PUT } from "@/app/api/files/[...key]/route";
import { getEnv, resetEnvCache } from "@/env";
import { getStorage, resetStorageCache } from "@/server/integrations/storage";
import type { FilesystemStorage } from "@/server/integrations/storage/filesystem";
import { buildSignedFileUrl, deriveUrlSigningKey } from "@/server/integrations/storage/signed-urls";

let root: string;
let storage: FilesystemStorage;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "loctelli-storage-"));
  process.env.STORAGE_DIR = root;
  resetEnvCache();
  resetStorageCache();
  storage = getStorage() as FilesystemStorage;
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  delete process.env.STORAGE_DIR;
  resetEnvCache();
  resetStorageCache();
});

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** The route's params as Next.js passes them: the decoded path segments after /api/files/. */
function paramsOf(url: string) {
  const segments = new URL(url).pathname.replace(/^\/api\/files\//, "").split("/").map(decodeURIComponent);
  return { params: Promise.resolve({ key: segments }) };
}

const get = (url: string) => GET(new Request(url), paramsOf(url));
const put = (url: string, init: RequestInit & { duplex?: "half" }) =>
  PUT(new Request(url, { method: "PUT", ...init }), paramsOf(url));

const nowSeconds = () => Math.floor(Date.now() / 1000);
const signingKey = () => deriveUrlSigningKey(getEnv().ENCRYPTION_KEY);

describe("filesystem storage", () => {
  it("is the default driver and keeps objects under STORAGE_DIR", async () => {
    expect(storage.driver).toBe("filesystem");
    await storage.putObject("ws/1/imports/a.csv", Buffer.from("a,b\n"), { contentType: "text/csv" });
    expect(await storage.headObject("ws/1/imports/a.csv")).toEqual({ size: 4, contentType: "text/csv" });
    expect(await readAll((await storage.getObjectStream("ws/1/imports/a.csv"))!)).toEqual(Buffer.from("a,b\n"));
    expect(await readdir(path.join(root, "objects", "ws", "1", "imports"))).toEqual(["a.csv"]);

    expect(await storage.headObject("ws/1/imports/none.csv")).toBeNull();
    expect(await storage.getObjectStream("ws/1/imports/none.csv")).toBeNull();
    expect(await storage.getObjectStream("ws/1/imports")).toBeNull(); // a directory is not an object
    await storage.deleteObject("ws/1/imports/a.csv");
    expect(await storage.headObject("ws/1/imports/a.csv")).toBeNull();
    await storage.deleteObject("ws/1/imports/a.csv");
  });

  it("streams large bodies through uploadLarge", async () => {
    const chunk = Buffer.alloc(256 * 1024, 7);
    await storage.uploadLarge("ws/1/exports/big.bin", Readable.from(Array.from({ length: 24 }, () => chunk)), {
      contentType: "application/zip",
    });
    expect(await storage.headObject("ws/1/exports/big.bin")).toEqual({ size: 24 * chunk.length, contentType: "application/zip" });
    expect(await readdir(path.join(root, "tmp"))).toEqual([]);
  });

  it("refuses keys that could leave the storage directory", async () => {
    for (const key of ["ws/1/../2/x", "../outside", "/etc/passwd", "ws/1/./x", "ws/1/x\u0000", "ws\\1\\x", "ws//x", ""]) {
      await expect(storage.putObject(key, Buffer.from("x"), { contentType: "text/csv" }), key).rejects.toThrow(
        /Invalid storage key/,
      );
      await expect(storage.headObject(key), key).rejects.toThrow(/Invalid storage key/);
    }
    await expect(storage.presignDownload("ws/1/../2/x", { expiresInSeconds: 60 })).rejects.toThrow(/Invalid storage key/);
  });

  it("deletes by prefix only what starts with the prefix (ws/7/ is not ws/70/)", async () => {
    for (const key of ["ws/7/imports/a.csv", "ws/7/imports/b.csv", "ws/7/exports/c.zip", "ws/70/imports/d.csv"]) {
      await storage.putObject(key, Buffer.from("x"), { contentType: "text/csv" });
    }
    expect(await storage.deleteByPrefix("ws/7/")).toBe(3);
    expect(await storage.headObject("ws/7/imports/a.csv")).toBeNull();
    expect(await storage.headObject("ws/70/imports/d.csv")).not.toBeNull();
    expect(await storage.deleteByPrefix("ws/7/")).toBe(0);
    expect(await storage.deleteByPrefix("ws/99/")).toBe(0);
    expect(await storage.deleteByPrefix("ws/7")).toBe(1); // a bare prefix matches ws/70 too, as on S3
  });
});

describe("GET /api/files/<key>", () => {
  const key = "ws/5/exports/report.pdf";
  const bytes = Buffer.from("%PDF-1.7 fake but bytes are bytes");

  beforeAll(async () => {
    await storage.putObject(key, bytes, { contentType: "application/pdf" });
  });

  it("serves the file for a valid signature, with its type and download name", async () => {
    const url = await storage.presignDownload(key, { expiresInSeconds: 60, downloadName: "Q3 report.pdf" });
    expect(url.startsWith(`${getEnv().APP_URL}/api/files/ws/5/exports/report.pdf?expires=`)).toBe(true);
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-length")).toBe(String(bytes.length));
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="Q3 report.pdf"; filename*=UTF-8''Q3%20report.pdf`,
    );
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);

    const inline = await get(await storage.presignDownload(key, { expiresInSeconds: 60 }));
    expect(inline.status).toBe(200);
    expect(inline.headers.get("content-disposition")).toBeNull();
    await inline.arrayBuffer();
  });

  it("answers 403 for a tampered signature, key, name or expiry", async () => {
    const url = new URL(await storage.presignDownload(key, { expiresInSeconds: 60, downloadName: "a.pdf" }));
    const tampered = (change: (u: URL) => void) => {
      const copy = new URL(url);
      change(copy);
      return copy.toString();
    };
    const sig = url.searchParams.get("sig")!;
    const flipped = (sig[0] === "A" ? "B" : "A") + sig.slice(1);
    for (const bad of [
      tampered((u) => u.searchParams.set("sig", flipped)),
      tampered((u) => u.searchParams.set("sig", "")),
      tampered((u) => u.searchParams.delete("sig")),
      tampered((u) => (u.pathname = "/api/files/ws/5/exports/other.pdf")),
      tampered((u) => u.searchParams.set("name", "b.pdf")),
      tampered((u) => u.searchParams.set("expires", String(Number(u.searchParams.get("expires")) + 3600))),
    ]) {
      const response = await get(bad);
      expect(response.status, bad).toBe(403);
    }
  });

  it("answers 403 for an expired link even when its signature is right", async () => {
    const expired = buildSignedFileUrl(getEnv().APP_URL, signingKey(), { method: "GET", key, expires: nowSeconds() - 1 });
    const response = await get(expired);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: "This link has expired." });
  });

  it("answers 404 for a validly signed link to a missing file", async () => {
    const response = await get(await storage.presignDownload("ws/5/exports/gone.pdf", { expiresInSeconds: 60 }));
    expect(response.status).toBe(404);
  });

  it("refuses a traversal key even when it is signed", async () => {
    await storage.putObject("ws/2/x", Buffer.from("workspace 2 secret"), { contentType: "text/plain" });
    const traversal = "ws/1/../2/x";
    const signature = buildSignedFileUrl(getEnv().APP_URL, signingKey(), {
      method: "GET",
      key: traversal,
      expires: nowSeconds() + 60,
    });
    const query = new URL(signature).search;
    const response = await GET(new Request(`http://localhost:8000/api/files/ws/1/%2E%2E/2/x${query}`), {
      params: Promise.resolve({ key: traversal.split("/") }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain("secret");
  });
});

describe("PUT /api/files/<key>", () => {
  it("stores a signed upload with its content type", async () => {
    const key = "ws/6/imports/leads.csv";
    const upload = await storage.presignUpload(key, { contentType: "text/csv", maxBytes: 100, expiresInSeconds: 60 });
    expect(upload).toMatchObject({ method: "PUT", headers: { "Content-Type": "text/csv" } });
    const response = await put(upload.url, { headers: upload.headers, body: "name\nAda\n" });
    expect(response.status).toBe(200);
    expect(await storage.headObject(key)).toEqual({ size: 9, contentType: "text/csv" });

    const download = await get(await storage.presignDownload(key, { expiresInSeconds: 60 }));
    expect(await download.text()).toBe("name\nAda\n");
  });

  it("refuses a body over the signed maximum, declared or streamed, and stores nothing", async () => {
    const key = "ws/6/imports/too-big.csv";
    const upload = await storage.presignUpload(key, { contentType: "text/csv", maxBytes: 10, expiresInSeconds: 60 });

    const declared = await put(upload.url, {
      headers: { ...upload.headers, "Content-Length": "11" },
      body: "01234567890",
    });
    expect(declared.status).toBe(413);

    const streamed = await put(upload.url, {
      headers: upload.headers,
      duplex: "half",
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("0123456"));
          controller.enqueue(new TextEncoder().encode("789012"));
          controller.close();
        },
      }),
    });
    expect(streamed.status).toBe(413);
    expect(await storage.headObject(key)).toBeNull();
    expect(await readdir(path.join(root, "tmp"))).toEqual([]);
  });

  it("refuses another content type, a changed maximum, an expired link and a GET signature", async () => {
    const key = "ws/6/imports/x.csv";
    const upload = await storage.presignUpload(key, { contentType: "text/csv", maxBytes: 10, expiresInSeconds: 60 });

    expect((await put(upload.url, { headers: { "Content-Type": "text/html" }, body: "<script>" })).status).toBe(400);

    const raised = new URL(upload.url);
    raised.searchParams.set("max", "1000000");
    expect((await put(raised.toString(), { headers: upload.headers, body: "x" })).status).toBe(403);

    const expired = buildSignedFileUrl(getEnv().APP_URL, signingKey(), {
      method: "PUT",
      key,
      expires: nowSeconds() - 1,
      contentType: "text/csv",
      maxBytes: 10,
    });
    expect((await put(expired, { headers: upload.headers, body: "x" })).status).toBe(403);

    const downloadUrl = await storage.presignDownload(key, { expiresInSeconds: 60 });
    expect((await put(downloadUrl, { headers: upload.headers, body: "x" })).status).toBe(403);
    expect(await storage.headObject(key)).toBeNull();
  });

  it("never writes outside the storage directory", async () => {
    const outside = path.join(path.dirname(root), `${path.basename(root)}-outside`);
    await mkdir(outside, { recursive: true });
    await writeFile(path.join(outside, "keep.txt"), "x");
    try {
      const response = await PUT(
        new Request("http://localhost:8000/api/files/x", { method: "PUT", body: "y", headers: { "Content-Type": "text/csv" } }),
        { params: Promise.resolve({ key: ["..", "..", `${path.basename(root)}-outside`, "keep.txt"] }) },
      );
      expect(response.status).toBe(400);
      expect(await readdir(outside)).toEqual(["keep.txt"]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
