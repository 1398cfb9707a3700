import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "@/env";
import { AppError } from "@/server/errors";
import { FilesystemStorage } from "@/server/integrations/storage/filesystem";
import { deriveUrlSigningKey } from "@/server/integrations/storage/signed-urls";
import {
  assertFileAllowed,
  assertKeyInWorkspace,
  confirmWorkspaceUpload,
  deleteWorkspaceFiles,
  presignWorkspaceDownload,
  presignWorkspaceUpload,
  sanitizeFileName,
  workspaceKey,
} from "@/server/integrations/storage/workspace-files";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const MB = 1024 * 1024;

let root: string;
let storage: FilesystemStorage;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "loctelli-ws-files-"));
  storage = new FilesystemStorage({
    rootDir: root,
    appUrl: getEnv().APP_URL,
    urlSigningKey: deriveUrlSigningKey(getEnv().ENCRYPTION_KEY),
  });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The AppError a call throws (sync or async), so tests can read its code and field errors. */
async function appErrorOf(run: () => unknown): Promise<AppError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError, nothing was thrown");
}

describe("workspace keys", () => {
  it("are ws/<id>/<kind>/<uuid>-<sanitized name>", () => {
    const key = workspaceKey(12, "imports", "Leads März 2026 (final).csv");
    expect(key).toMatch(/^ws\/12\/imports\/[0-9a-f-]{36}-Leads-Marz-2026-final-\.csv$/);
    expect(workspaceKey(12, "imports", "a.csv")).not.toBe(workspaceKey(12, "imports", "a.csv"));
  });

  it("sanitize names that try to be paths or hide", () => {
    expect(sanitizeFileName("../../etc/passwd")).toBe("etc-passwd");
    expect(sanitizeFileName(".env")).toBe("env");
    expect(sanitizeFileName("\u0000")).toBe("file");
    expect(sanitizeFileName("x".repeat(300) + ".xlsx")).toMatch(/^x{115}\.xlsx$/);
  });

  it("refuse a workspace id that is not a positive integer", async () => {
    expect((await appErrorOf(() => workspaceKey(0, "imports", "a.csv"))).code).toBe("BAD_REQUEST");
    expect((await appErrorOf(() => workspaceKey(1.5, "imports", "a.csv"))).code).toBe("BAD_REQUEST");
  });
});

describe("assertKeyInWorkspace", () => {
  it("accepts the workspace's own keys", () => {
    expect(() => assertKeyInWorkspace(workspaceKey(3, "exports", "r.pdf"), 3)).not.toThrow();
    expect(() => assertKeyInWorkspace("ws/3/exports/r.pdf", 3, "exports")).not.toThrow();
  });

  it("refuses another workspace's key, including one whose id starts the same", async () => {
    for (const key of ["ws/4/exports/r.pdf", "ws/30/exports/r.pdf", "ws/3", "ws/3exports/r.pdf", "other/3/x"]) {
      expect((await appErrorOf(() => assertKeyInWorkspace(key, 3))).code, key).toBe("FORBIDDEN");
    }
    expect((await appErrorOf(() => assertKeyInWorkspace("ws/3/imports/a.csv", 3, "exports"))).code).toBe("FORBIDDEN");
  });

  it("refuses keys that climb out of the workspace", async () => {
    for (const key of ["ws/3/../4/x", "ws/3/./x", "ws/3//x", "/ws/3/x"]) {
      const error = await appErrorOf(() => assertKeyInWorkspace(key, 3));
      expect(error.code, key).toBe("BAD_REQUEST");
      expect(error.message).toMatch(/Invalid storage key/);
    }
  });
});

describe("file rules", () => {
  it("take the listed content types per kind, with parameters and any case", () => {
    expect(() => assertFileAllowed("imports", { contentType: "Text/CSV; charset=utf-8", size: 10 })).not.toThrow();
    expect(() => assertFileAllowed("imports", { contentType: XLSX, size: 10 })).not.toThrow();
    expect(() => assertFileAllowed("exports", { contentType: "application/zip", size: 10 })).not.toThrow();
    expect(() => assertFileAllowed("attachments", { contentType: "image/webp", size: 10 })).not.toThrow();
  });

  it("give a field error for a type the kind does not take", async () => {
    const error = await appErrorOf(() => assertFileAllowed("imports", { contentType: "application/pdf", size: 10 }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors?.file?.[0]).toMatch(/"application\/pdf" are not accepted for imports; allowed: text\/csv/);
    const svg = await appErrorOf(() => assertFileAllowed("attachments", { contentType: "image/svg+xml", size: 10 }));
    expect(svg.fieldErrors?.file).toHaveLength(1);
  });

  it("give a field error for a file over the kind's limit or empty", async () => {
    expect(() => assertFileAllowed("imports", { contentType: "text/csv", size: 50 * MB })).not.toThrow();
    const tooBig = await appErrorOf(() => assertFileAllowed("imports", { contentType: "text/csv", size: 50 * MB + 1 }));
    expect(tooBig.fieldErrors).toEqual({ file: ["The file is larger than 50 MB, the limit for imports."] });
    const empty = await appErrorOf(() => assertFileAllowed("imports", { contentType: "text/csv", size: 0 }, "upload"));
    expect(empty.fieldErrors).toEqual({ upload: ["The file is empty."] });
  });
});

describe("presigning and confirming in a workspace", () => {
  it("presigns an upload into the caller's workspace only after the rules pass", async () => {
    const { key, upload } = await presignWorkspaceUpload(storage, 9, {
      kind: "imports",
      fileName: "leads.csv",
      contentType: "text/csv; charset=utf-8",
      size: 1234,
    });
    expect(key).toMatch(/^ws\/9\/imports\/[0-9a-f-]{36}-leads\.csv$/);
    const url = new URL(upload.url);
    expect(url.searchParams.get("ct")).toBe("text/csv");
    expect(url.searchParams.get("max")).toBe(String(50 * MB));
    expect(upload.headers).toEqual({ "Content-Type": "text/csv" });

    const refused = await appErrorOf(() =>
      presignWorkspaceUpload(storage, 9, { kind: "imports", fileName: "x.exe", contentType: "application/x-msdownload", size: 10 }),
    );
    expect(refused.fieldErrors?.file).toHaveLength(1);
    const tooBig = await appErrorOf(() =>
      presignWorkspaceUpload(storage, 9, { kind: "imports", fileName: "x.csv", contentType: "text/csv", size: 51 * MB }),
    );
    expect(tooBig.fieldErrors?.file?.[0]).toMatch(/larger than 50 MB/);
  });

  it("issues no download URL for another workspace's file", async () => {
    const own = await presignWorkspaceDownload(storage, 9, "ws/9/exports/r.pdf", { downloadName: "r.pdf" });
    expect(own).toContain("/api/files/ws/9/exports/r.pdf?");
    expect((await appErrorOf(() => presignWorkspaceDownload(storage, 9, "ws/10/exports/r.pdf"))).code).toBe("FORBIDDEN");
    expect((await appErrorOf(() => presignWorkspaceDownload(storage, 9, "ws/9/../10/exports/r.pdf"))).code).toBe(
      "BAD_REQUEST",
    );
  });

  it("confirms an upload that obeys the rules and deletes one that does not", async () => {
    const good = workspaceKey(9, "imports", "ok.csv");
    await storage.putObject(good, Buffer.from("a\n"), { contentType: "text/csv" });
    expect(await confirmWorkspaceUpload(storage, 9, good, "imports")).toEqual({ size: 2, contentType: "text/csv" });

    const wrongType = workspaceKey(9, "imports", "page.csv");
    await storage.putObject(wrongType, Buffer.from("<html>"), { contentType: "text/html" });
    const error = await appErrorOf(() => confirmWorkspaceUpload(storage, 9, wrongType, "imports"));
    expect(error.fieldErrors?.file?.[0]).toMatch(/"text\/html" are not accepted/);
    expect(await storage.headObject(wrongType)).toBeNull();

    const missing = await appErrorOf(() => confirmWorkspaceUpload(storage, 9, workspaceKey(9, "imports", "n.csv"), "imports"));
    expect(missing.fieldErrors?.file?.[0]).toMatch(/has not arrived/);
    expect((await appErrorOf(() => confirmWorkspaceUpload(storage, 10, good, "imports"))).code).toBe("FORBIDDEN");
    expect(await storage.headObject(good)).not.toBeNull();
  });

  it("deletes everything of one workspace and nothing of another", async () => {
    await storage.putObject(workspaceKey(11, "exports", "a.zip"), Buffer.from("x"), { contentType: "application/zip" });
    await storage.putObject(workspaceKey(11, "attachments", "b.png"), Buffer.from("x"), { contentType: "image/png" });
    const other = workspaceKey(110, "exports", "c.zip");
    await storage.putObject(other, Buffer.from("x"), { contentType: "application/zip" });
    expect(await deleteWorkspaceFiles(storage, 11)).toBe(2);
    expect(await storage.headObject(other)).not.toBeNull();
  });
});
