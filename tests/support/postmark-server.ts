import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP server that speaks the part of Postmark's API the product uses (POST /email with the
 * X-Postmark-Server-Token header) and sends webhooks as Postmark does (inbound emails, bounces, spam complaints,
 * subscription changes: JSON, with the basic-auth credentials of the webhook URL). The official SDK is pointed at it
 * (POSTMARK_API_URL -> requestHost/useHttps), not mocked. Every accepted send is kept raw (headers and JSON body).
 * It also speaks the account API's sender signatures and domains lists (GET /senders, GET /domains with
 * X-Postmark-Account-Token and count/offset, as the SDK's AccountClient asks), from `account` that tests fill.
 */
export interface AccountSignature {
  ID: number;
  Name: string;
  Domain: string;
  EmailAddress: string;
  ReplyToEmailAddress: string;
  Confirmed: boolean;
}
export interface AccountDomain {
  ID: number;
  Name: string;
  SPFVerified: boolean;
  DKIMVerified: boolean;
  WeakDKIM: boolean;
  ReturnPathDomainVerified: boolean;
}
export interface RecordedEmail {
  messageId: string;
  token: string;
  /** The JSON body exactly as the SDK sent it. */
  raw: string;
  body: {
    From: string;
    To: string;
    Subject: string;
    TextBody?: string;
    HtmlBody?: string;
    ReplyTo?: string;
    Tag?: string;
    MessageStream?: string;
    Headers?: { Name: string; Value: string }[];
    Metadata?: Record<string, string>;
  };
}

export interface PostmarkServer {
  url: string;
  sent: RecordedEmail[];
  /** Server tokens it accepts; any other gets Postmark's 401 (ErrorCode 10). */
  tokens: Set<string>;
  /** The account API: the account tokens it accepts (others: 401, ErrorCode 10), its sender signatures and domains. */
  account: { tokens: Set<string>; signatures: AccountSignature[]; domains: AccountDomain[] };
  /** The value of a header of a recorded email, read from its raw JSON (case-insensitive name). */
  header(email: RecordedEmail, name: string): string | undefined;
  /** Posts a webhook (JSON) to `url` with basic-auth credentials, as Postmark does when the URL carries them. */
  postWebhook(url: string, payload: unknown, credentials: { username: string; password: string } | null): Promise<Response>;
  close(): Promise<void>;
}

/** Postmark answers 422 with ErrorCode 406 for an inactive recipient. */
export const INACTIVE_RECIPIENT = "inactive@postmark-test.invalid";

export async function startPostmarkServer(tokens: string[]): Promise<PostmarkServer> {
  const sent: RecordedEmail[] = [];
  const accepted = new Set(tokens);
  const account: PostmarkServer["account"] = { tokens: new Set(), signatures: [], domains: [] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const path = new URL(req.url ?? "/", "http://postmark.local");
      if (req.method === "GET" && (path.pathname === "/senders" || path.pathname === "/domains")) {
        if (!account.tokens.has(String(req.headers["x-postmark-account-token"] ?? ""))) {
          return json(401, { ErrorCode: 10, Message: "The Account Token you provided in the X-Postmark-Account-Token request header was invalid." });
        }
        const count = Number(path.searchParams.get("count"));
        const offset = Number(path.searchParams.get("offset"));
        if (!Number.isInteger(count) || count < 1 || count > 500 || !Number.isInteger(offset) || offset < 0) {
          return json(422, { ErrorCode: 1000, Message: "The 'count' and 'offset' query parameters are required (count at most 500)." });
        }
        if (path.pathname === "/senders") return json(200, { TotalCount: account.signatures.length, SenderSignatures: account.signatures.slice(offset, offset + count) });
        return json(200, { TotalCount: account.domains.length, Domains: account.domains.slice(offset, offset + count) });
      }
      const token = String(req.headers["x-postmark-server-token"] ?? "");
      if (req.method !== "POST" || req.url !== "/email") return json(404, { ErrorCode: 404, Message: "Not found" });
      if (!accepted.has(token)) return json(401, { ErrorCode: 10, Message: "The Server Token you provided in the X-Postmark-Server-Token request header was invalid." });
      let body: RecordedEmail["body"];
      try {
        body = JSON.parse(raw) as RecordedEmail["body"];
      } catch {
        return json(422, { ErrorCode: 402, Message: "Invalid JSON" });
      }
      if (!body.From || !body.To) return json(422, { ErrorCode: 300, Message: "Invalid email request" });
      if (body.To.toLowerCase().includes(INACTIVE_RECIPIENT)) {
        return json(422, { ErrorCode: 406, Message: "You tried to send to recipient(s) that have been marked as inactive." });
      }
      const messageId = randomUUID();
      sent.push({ messageId, token, raw, body });
      json(200, { To: body.To, SubmittedAt: new Date().toISOString(), MessageID: messageId, ErrorCode: 0, Message: "OK" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    tokens: accepted,
    account,
    header(email, name) {
      const parsed = JSON.parse(email.raw) as RecordedEmail["body"];
      return parsed.Headers?.find((h) => h.Name.toLowerCase() === name.toLowerCase())?.Value;
    },
    async postWebhook(url, payload, credentials) {
      const headers: Record<string, string> = { "Content-Type": "application/json", "User-Agent": "Postmark" };
      if (credentials) headers.Authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
      return fetch(url, { method: "POST", headers, body: JSON.stringify(payload) });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An inbound email as Postmark posts it (https://postmarkapp.com/developer/webhooks/inbound-webhook). */
export function inboundEmailPayload(opts: {
  from: string;
  fromName?: string;
  to: string;
  subject: string;
  text: string;
  strippedReply?: string;
  messageIdHeader?: string;
  inReplyTo?: string;
  references?: string;
  attachments?: { Name: string; Content: string; ContentType: string; ContentLength: number }[];
}) {
  const hash = /\+([^@]+)@/.exec(opts.to)?.[1] ?? "";
  const headers = [
    { Name: "Message-ID", Value: opts.messageIdHeader ?? `<${randomUUID()}@mail.example.com>` },
    ...(opts.inReplyTo ? [{ Name: "In-Reply-To", Value: opts.inReplyTo }] : []),
    ...(opts.references ? [{ Name: "References", Value: opts.references }] : []),
  ];
  return {
    FromName: opts.fromName ?? "",
    MessageStream: "inbound",
    From: opts.from,
    FromFull: { Email: opts.from, Name: opts.fromName ?? "", MailboxHash: "" },
    To: opts.to,
    ToFull: [{ Email: opts.to, Name: "", MailboxHash: hash }],
    Cc: "",
    CcFull: [],
    Bcc: "",
    BccFull: [],
    OriginalRecipient: opts.to,
    Subject: opts.subject,
    MessageID: randomUUID(),
    ReplyTo: "",
    MailboxHash: hash,
    Date: new Date().toUTCString(),
    TextBody: opts.text,
    HtmlBody: "",
    StrippedTextReply: opts.strippedReply ?? "",
    Tag: "",
    Headers: headers,
    Attachments: opts.attachments ?? [],
  };
}
