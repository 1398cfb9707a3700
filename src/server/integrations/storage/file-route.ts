import { Readable } from "node:stream";
import { getEnv } from "@/env";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { ObjectTooLargeError, type FilesystemStorage } from "./filesystem";
import { getStorage } from "./index";
import { assertValidKey, contentDisposition } from "./keys";
import { deriveUrlSigningKey, isSignatureValid, type SignedFileRequest } from "./signed-urls";

/**
 * GET/PUT /api/files/<key>?expires=…&sig=… — the filesystem driver's stand-in for S3 presigned URLs. The URL
 * is the only credential (no session is read), so everything it grants is in its signature.
 */

const NO_STORE = { "Cache-Control": "private, no-store" };

function refuse(status: number, message: string): Response {
  return Response.json({ error: message }, { status, headers: NO_STORE });
}

type Parsed = { key: string; storage: FilesystemStorage; signingKey: Buffer } | { refused: Response };

function parse(segments: string[] | undefined): Parsed {
  const storage = getStorage();
  // With S3 configured, files are served by S3's own presigned URLs and nothing here is valid.
  if (storage.driver !== "filesystem") return { refused: refuse(404, "Not found.") };
  const key = (segments ?? []).join("/");
  try {
    assertValidKey(key);
  } catch (e) {
    if (e instanceof AppError) return { refused: refuse(400, e.message) };
    throw e;
  }
  return { key, storage: storage as FilesystemStorage, signingKey: deriveUrlSigningKey(getEnv().ENCRYPTION_KEY) };
}

/** 403 unless the signature matches and has not expired. */
function checkSignature(url: URL, signingKey: Buffer, request: SignedFileRequest): Response | undefined {
  const signature = url.searchParams.get("sig") ?? "";
  if (!Number.isSafeInteger(request.expires) || !isSignatureValid(signingKey, request, signature)) {
    return refuse(403, "This link is not valid.");
  }
  if (request.expires < Math.floor(Date.now() / 1000)) return refuse(403, "This link has expired.");
  return undefined;
}

export async function serveSignedFile(req: Request, segments: string[] | undefined): Promise<Response> {
  const parsed = parse(segments);
  if ("refused" in parsed) return parsed.refused;
  const { key, storage, signingKey } = parsed;
  const url = new URL(req.url);
  const downloadName = url.searchParams.get("name") ?? undefined;
  const refused = checkSignature(url, signingKey, {
    method: "GET",
    key,
    expires: Number(url.searchParams.get("expires")),
    downloadName,
  });
  if (refused) return refused;

  const head = await storage.headObject(key);
  const stream = head && (await storage.getObjectStream(key));
  if (!head || !stream) return refuse(404, "This file does not exist (any more).");
  const headers: Record<string, string> = {
    ...NO_STORE,
    "Content-Type": head.contentType,
    "Content-Length": String(head.size),
    "X-Content-Type-Options": "nosniff",
    // Stored files come from users: never let one run as a page of the app.
    "Content-Security-Policy": "default-src 'none'; sandbox",
  };
  if (downloadName) headers["Content-Disposition"] = contentDisposition(downloadName);
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status: 200, headers });
}

export async function receiveSignedUpload(req: Request, segments: string[] | undefined): Promise<Response> {
  const parsed = parse(segments);
  if ("refused" in parsed) return parsed.refused;
  const { key, storage, signingKey } = parsed;
  const url = new URL(req.url);
  const contentType = url.searchParams.get("ct") ?? "";
  const maxBytes = Number(url.searchParams.get("max"));
  const refused = checkSignature(url, signingKey, {
    method: "PUT",
    key,
    expires: Number(url.searchParams.get("expires")),
    contentType,
    maxBytes,
  });
  if (refused) return refused;

  if ((req.headers.get("content-type") ?? "").trim() !== contentType) {
    return refuse(400, `This upload must be sent with Content-Type: ${contentType}.`);
  }
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) {
    return refuse(413, `The file is larger than the allowed ${maxBytes} bytes.`);
  }
  if (!req.body) return refuse(400, "The upload has no body.");
  try {
    await storage.writeObject(key, req.body, { contentType, maxBytes });
  } catch (e) {
    if (e instanceof ObjectTooLargeError) return refuse(413, e.message);
    logger.error({ err: e, key }, "storing a signed upload failed");
    return refuse(500, "The file could not be stored.");
  }
  return new Response(null, { status: 200, headers: NO_STORE });
}
