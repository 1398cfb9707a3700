import { randomUUID } from "node:crypto";
import { AppError } from "@/server/errors";
import { assertValidKey } from "./keys";
import type { ObjectHead, PresignedUpload, Storage } from "./types";

/**
 * Every file of a workspace lives under `ws/<subAccountId>/<kind>/`. Keys are only ever built here, and a
 * presigned URL is only issued for a key that assertKeyInWorkspace() accepts for the caller's workspace.
 */
export const WORKSPACE_FILE_KINDS = ["imports", "exports", "attachments", "forms"] as const;
export type WorkspaceFileKind = (typeof WORKSPACE_FILE_KINDS)[number];

const MB = 1024 * 1024;
const CSV = "text/csv";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PDF = "application/pdf";

export const WORKSPACE_FILE_RULES: Record<WorkspaceFileKind, { contentTypes: readonly string[]; maxBytes: number }> = {
  imports: { contentTypes: [CSV, XLSX], maxBytes: 50 * MB },
  exports: { contentTypes: [CSV, XLSX, PDF, "application/zip"], maxBytes: 500 * MB },
  // No SVG or HTML: files are served from the app's origin, and those can carry scripts.
  attachments: { contentTypes: ["image/png", "image/jpeg", "image/gif", "image/webp", PDF], maxBytes: 25 * MB },
  // Visitors' uploads to forms: each field narrows these (src/schemas/forms.ts FORM_FILE_KINDS, its size limit).
  forms: {
    contentTypes: [
      "image/png", "image/jpeg", "image/gif", "image/webp", PDF, "text/plain", "application/msword",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document", CSV, "application/vnd.ms-excel", XLSX,
    ],
    maxBytes: 25 * MB,
  },
};

const DEFAULT_URL_SECONDS = 15 * 60;
const MAX_FILE_NAME_LENGTH = 120;

export function workspacePrefix(subAccountId: number): string {
  if (!Number.isSafeInteger(subAccountId) || subAccountId <= 0) {
    throw new AppError("BAD_REQUEST", "A workspace id must be a positive integer.");
  }
  return `ws/${subAccountId}/`;
}

/** `ws/<id>/<kind>/<uuid>-<sanitized name>`: unique, and safe on every file system and in URLs. */
export function workspaceKey(subAccountId: number, kind: WorkspaceFileKind, fileName: string): string {
  if (!WORKSPACE_FILE_KINDS.includes(kind)) throw new AppError("BAD_REQUEST", `Unknown file kind "${kind}".`);
  return `${workspacePrefix(subAccountId)}${kind}/${randomUUID()}-${sanitizeFileName(fileName)}`;
}

/** Letters, digits, `.`, `_` and `-` only; accents dropped; the extension kept when the name is shortened. */
export function sanitizeFileName(fileName: string): string {
  const cleaned = fileName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[.-]+|[.-]+$/g, "");
  if (cleaned === "") return "file";
  if (cleaned.length <= MAX_FILE_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : "";
  return cleaned.slice(0, MAX_FILE_NAME_LENGTH - extension.length) + extension;
}

/** Refuses (FORBIDDEN) any key outside `ws/<subAccountId>/`, and (BAD_REQUEST) any malformed key. */
export function assertKeyInWorkspace(key: string, subAccountId: number, kind?: WorkspaceFileKind): void {
  assertValidKey(key);
  const prefix = workspacePrefix(subAccountId) + (kind ? `${kind}/` : "");
  if (!key.startsWith(prefix)) {
    throw new AppError("FORBIDDEN", "This file does not belong to your workspace.");
  }
}

/** "Text/CSV; charset=utf-8" -> "text/csv". */
export function contentTypeEssence(contentType: string): string {
  return contentType.split(";")[0]!.trim().toLowerCase();
}

/** Field errors (on `field`) for a content type the kind does not take or a size over its limit. */
export function assertFileAllowed(
  kind: WorkspaceFileKind,
  file: { contentType: string; size?: number },
  field = "file",
): void {
  const rules = WORKSPACE_FILE_RULES[kind];
  const essence = contentTypeEssence(file.contentType);
  if (!rules.contentTypes.includes(essence)) {
    throw AppError.field(
      field,
      `Files of type "${essence || "unknown"}" are not accepted for ${kind}; allowed: ${rules.contentTypes.join(", ")}.`,
    );
  }
  if (file.size !== undefined) {
    if (!Number.isSafeInteger(file.size) || file.size < 0) throw AppError.field(field, "The file size is invalid.");
    if (file.size === 0) throw AppError.field(field, "The file is empty.");
    if (file.size > rules.maxBytes) {
      throw AppError.field(field, `The file is larger than ${formatBytes(rules.maxBytes)}, the limit for ${kind}.`);
    }
  }
}

/** Checks the file, builds its key in the caller's workspace and presigns the upload (URL valid 15 minutes). */
export async function presignWorkspaceUpload(
  storage: Storage,
  subAccountId: number,
  input: { kind: WorkspaceFileKind; fileName: string; contentType: string; size: number; expiresInSeconds?: number },
): Promise<{ key: string; upload: PresignedUpload }> {
  assertFileAllowed(input.kind, input);
  const key = workspaceKey(subAccountId, input.kind, input.fileName);
  const upload = await storage.presignUpload(key, {
    contentType: contentTypeEssence(input.contentType),
    maxBytes: WORKSPACE_FILE_RULES[input.kind].maxBytes,
    expiresInSeconds: input.expiresInSeconds ?? DEFAULT_URL_SECONDS,
  });
  return { key, upload };
}

/**
 * After the browser's upload: the object must exist and obey the kind's rules. S3 cannot bind a size to a
 * presigned PUT, so this is where the limit holds there; an object that breaks a rule is deleted.
 */
export async function confirmWorkspaceUpload(
  storage: Storage,
  subAccountId: number,
  key: string,
  kind: WorkspaceFileKind,
): Promise<ObjectHead> {
  assertKeyInWorkspace(key, subAccountId, kind);
  const head = await storage.headObject(key);
  if (!head) throw AppError.field("file", "The upload has not arrived; please upload the file again.");
  try {
    assertFileAllowed(kind, head);
  } catch (e) {
    await storage.deleteObject(key);
    throw e;
  }
  return head;
}

/** A download URL for a file of the caller's workspace only (valid 15 minutes unless told). */
export function presignWorkspaceDownload(
  storage: Storage,
  subAccountId: number,
  key: string,
  options: { downloadName?: string; expiresInSeconds?: number } = {},
): Promise<string> {
  assertKeyInWorkspace(key, subAccountId);
  return storage.presignDownload(key, {
    expiresInSeconds: options.expiresInSeconds ?? DEFAULT_URL_SECONDS,
    downloadName: options.downloadName,
  });
}

/** Everything a workspace stored (for workspace deletion). */
export function deleteWorkspaceFiles(storage: Storage, subAccountId: number): Promise<number> {
  return storage.deleteByPrefix(workspacePrefix(subAccountId));
}

function formatBytes(bytes: number): string {
  return bytes % MB === 0 ? `${bytes / MB} MB` : `${bytes} bytes`;
}
