import { AppError } from "@/server/errors";

const MAX_KEY_LENGTH = 1024;

/**
 * Refuses keys that could escape a directory or confuse a path: empty, absolute, backslashes, NUL or other
 * control characters, and `.`/`..`/empty segments. Both drivers apply it, so a key valid on one is valid on both.
 */
export function assertValidKey(key: string): void {
  if (typeof key !== "string" || key.length === 0) throw invalidKey("it is empty");
  if (key.length > MAX_KEY_LENGTH) throw invalidKey(`it is longer than ${MAX_KEY_LENGTH} characters`);
  if (/[\u0000-\u001f\u007f]/.test(key)) throw invalidKey("it contains a control character");
  if (key.includes("\\")) throw invalidKey("it contains a backslash");
  if (key.startsWith("/")) throw invalidKey("it is an absolute path");
  for (const segment of key.split("/")) {
    if (segment === "" || segment === "." || segment === "..") {
      throw invalidKey("it contains an empty, '.' or '..' path segment");
    }
  }
}

/** A prefix is a key that may end in "/" (e.g. "ws/12/"). */
export function assertValidPrefix(prefix: string): void {
  assertValidKey(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
}

/** `attachment; filename="..."` with an RFC 5987 UTF-8 form for names outside ASCII. */
export function contentDisposition(downloadName: string): string {
  const ascii = downloadName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(downloadName)}`;
}

function invalidKey(reason: string): AppError {
  return new AppError("BAD_REQUEST", `Invalid storage key: ${reason}.`);
}
