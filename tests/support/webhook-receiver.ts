import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local receiver of outbound webhooks, with a Standard Webhooks verifier written here from the specification
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md), independent of the
 * app's signing code: HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${body}` with the base64-decoded key after
 * `whsec_`, compared with each space-separated `v1,<base64>` signature; the timestamp within 5 minutes.
 */
export function verifyStandardWebhook(secret: string, headers: Record<string, string | undefined>, body: string): boolean {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = headers["webhook-signature"];
  if (!id || !timestamp || !signatures || !secret.startsWith("whsec_")) return false;
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = createHmac("sha256", Buffer.from(secret.slice("whsec_".length), "base64")).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(" ").some((entry) => {
    const [version, signature] = entry.split(",");
    if (version !== "v1" || !signature) return false;
    const given = Buffer.from(signature, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string | undefined>;
  body: string;
}

/** Answers each POST with the next scripted status (then 200), recording what arrived. `port`: a given one (else any free one). */
export async function startWebhookReceiver(options: { port?: number } = {}) {
  const received: ReceivedWebhook[] = [];
  const script: { status: number; body?: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "/", headers: req.headers as Record<string, string | undefined>, body: Buffer.concat(chunks).toString("utf8") });
      const next = script.shift() ?? { status: 200, body: "ok" };
      res.writeHead(next.status, { "content-type": "text/plain" }).end(next.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    received,
    /** The next answers, in order. */
    answer: (...answers: { status: number; body?: string }[]) => script.push(...answers),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
