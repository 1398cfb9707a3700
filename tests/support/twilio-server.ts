import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";

/**
 * A local HTTP server that speaks the part of Twilio's REST API the product uses (Messages create, list, fetch;
 * Accounts fetch; Basic auth per account), and calls back like Twilio: signed status callbacks to the StatusCallback URL of each
 * message, and signed inbound webhooks on request. The official SDK is pointed at it (TWILIO_API_URL), not mocked.
 */
export interface EmulatedMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  status: string;
  direction: "outbound-api";
  dateCreated: Date;
  statusCallback: string | null;
}

/** Twilio's error answers for recipients the tests use to provoke refusals. */
const REFUSED_RECIPIENTS: Record<string, { code: number; message: string }> = {
  "+15005550001": { code: 21211, message: "The 'To' number +15005550001 is not a valid phone number." },
};

export interface TwilioServer {
  url: string;
  messages: EmulatedMessage[];
  /** Every create call's arrival time (ms), in order, whether or not it was answered. */
  createTimes: { from: string; at: number }[];
  /** While set, create calls are stored (Twilio accepted them) but never answered: a test kills the caller then. */
  holdCreates: boolean;
  /** Resolves with the next create call's message once it is stored. */
  nextCreate(): Promise<EmulatedMessage>;
  /** Send status callbacks ("sent", then "delivered") after each create. Default true. */
  sendReceipts: boolean;
  /**
   * Post those callbacks, and wait for their answers, BEFORE answering the create call: the receipts then reach the
   * app before the sender has stored the SID (Twilio does not promise any order). Default false.
   */
  receiptsBeforeAnswer: boolean;
  /** An account's status as the Accounts API reports it ("active" unless set: "suspended", "closed"). */
  accountStatus: Record<string, string>;
  /** An account's friendly name as the Accounts API reports it ("Account <last 4 of the SID>" unless set). */
  accountNames: Record<string, string>;
  /** Posts an inbound SMS webhook to `url` signed with `authToken`, as Twilio does; returns the response. */
  postSigned(url: string, params: Record<string, string>, authToken: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

const toJson = (m: EmulatedMessage) => ({
  sid: m.sid,
  account_sid: m.accountSid,
  to: m.to,
  from: m.from,
  messaging_service_sid: m.messagingServiceSid,
  body: m.body,
  status: m.status,
  direction: m.direction,
  num_segments: "1",
  num_media: "0",
  error_code: null,
  error_message: null,
  date_created: m.dateCreated.toUTCString(),
  date_sent: m.dateCreated.toUTCString(),
  date_updated: m.dateCreated.toUTCString(),
  api_version: "2010-04-01",
  uri: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`,
});

/** Twilio's DateSent filters: "YYYY-MM-DD" or a full ISO time. */
const parseDate = (v: string) => new Date(v.length === 10 ? `${v}T00:00:00Z` : v);

export async function startTwilioServer(accounts: Record<string, string>): Promise<TwilioServer> {
  const waiters: ((m: EmulatedMessage) => void)[] = [];
  const held: http.ServerResponse[] = [];
  const state: TwilioServer = {
    url: "",
    messages: [],
    createTimes: [],
    holdCreates: false,
    sendReceipts: true,
    receiptsBeforeAnswer: false,
    accountStatus: {},
    accountNames: {},
    nextCreate: () => new Promise((resolve) => waiters.push(resolve)),
    postSigned: (url, params, authToken, headers = {}) =>
      fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": twilio.getExpectedTwilioSignature(authToken, url, params), ...headers },
        body: new URLSearchParams(params).toString(),
      }),
    close: async () => {
      for (const res of held) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };

  async function callback(m: EmulatedMessage, status: string) {
    if (!m.statusCallback) return;
    const params = { MessageSid: m.sid, SmsSid: m.sid, AccountSid: m.accountSid, MessageStatus: status, SmsStatus: status, To: m.to, From: m.from ?? "", ApiVersion: "2010-04-01" };
    if (m.messagingServiceSid) Object.assign(params, { MessagingServiceSid: m.messagingServiceSid });
    await state.postSigned(m.statusCallback, params, accounts[m.accountSid]!).catch(() => undefined);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      // Accounts fetch (GET /2010-04-01/Accounts/<sid>.json): Twilio answers with the account, auth token included.
      const account = /^\/2010-04-01\/Accounts\/([^/]+)\.json$/.exec(url.pathname);
      if (account && req.method === "GET") {
        const sid = account[1]!;
        const [user, pass] = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString().split(":");
        if (user !== sid || !accounts[sid] || accounts[sid] !== pass) {
          return send(res, 401, { code: 20003, message: "Authentication Error - invalid username", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 });
        }
        return send(res, 200, {
          sid,
          owner_account_sid: sid,
          friendly_name: state.accountNames[sid] ?? `Account ${sid.slice(-4)}`,
          status: state.accountStatus[sid] ?? "active",
          type: "Full",
          auth_token: accounts[sid],
          date_created: new Date(0).toUTCString(),
          date_updated: new Date(0).toUTCString(),
          uri: `/2010-04-01/Accounts/${sid}.json`,
          subresource_uris: {},
        });
      }
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages(?:\/([^/]+))?\.json$/.exec(url.pathname);
      if (!match) return send(res, 404, { code: 20404, message: "The requested resource was not found", status: 404 });
      const accountSid = match[1]!;
      const [user, pass] = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString().split(":");
      if (user !== accountSid || !accounts[accountSid] || accounts[accountSid] !== pass) {
        return send(res, 401, { code: 20003, message: "Authentication Error - invalid username", status: 401 });
      }
      if (req.method === "POST" && !match[2]) {
        const form = new URLSearchParams(Buffer.concat(chunks).toString());
        const to = form.get("To") ?? "";
        const from = form.get("From");
        const service = form.get("MessagingServiceSid");
        state.createTimes.push({ from: from ?? service ?? "", at: Date.now() });
        if (!to) return send(res, 400, { code: 21604, message: "A 'To' phone number is required.", status: 400 });
        if (!from && !service) return send(res, 400, { code: 21603, message: "A 'From' phone number is required.", status: 400 });
        const refused = REFUSED_RECIPIENTS[to];
        if (refused) return send(res, 400, { ...refused, status: 400, more_info: `https://www.twilio.com/docs/errors/${refused.code}` });
        const message: EmulatedMessage = {
          sid: `SM${randomBytes(16).toString("hex")}`,
          accountSid,
          to,
          from: from ?? "+15005550006",
          messagingServiceSid: service,
          body: form.get("Body") ?? "",
          status: "queued",
          direction: "outbound-api",
          dateCreated: new Date(),
          statusCallback: form.get("StatusCallback"),
        };
        state.messages.push(message);
        for (const waiter of waiters.splice(0)) waiter(message);
        if (state.holdCreates) {
          held.push(res);
          return;
        }
        const receipts = async () => {
          message.status = "sent";
          await callback(message, "sent");
          message.status = "delivered";
          await callback(message, "delivered");
        };
        if (state.sendReceipts && state.receiptsBeforeAnswer) {
          const created = toJson({ ...message });
          void receipts().then(() => send(res, 201, created));
          return;
        }
        send(res, 201, toJson(message));
        if (state.sendReceipts) void receipts();
        return;
      }
      if (req.method === "GET" && match[2]) {
        const found = state.messages.find((m) => m.sid === match[2] && m.accountSid === accountSid);
        return found ? send(res, 200, toJson(found)) : send(res, 404, { code: 20404, message: "The requested resource was not found", status: 404 });
      }
      if (req.method === "GET") {
        const q = url.searchParams;
        const after = q.get("DateSent>");
        const before = q.get("DateSent<");
        const on = q.get("DateSent");
        const rows = state.messages.filter(
          (m) =>
            m.accountSid === accountSid &&
            (!q.get("To") || m.to === q.get("To")) &&
            (!q.get("From") || m.from === q.get("From")) &&
            (!after || m.dateCreated >= parseDate(after)) &&
            (!before || m.dateCreated < parseDate(before)) &&
            (!on || m.dateCreated.toISOString().slice(0, 10) === on.slice(0, 10)),
        );
        const pageSize = Number(q.get("PageSize") ?? 50);
        const uri = `${url.pathname}?${q.toString()}`;
        return send(res, 200, {
          messages: rows.reverse().slice(0, pageSize).map(toJson),
          first_page_uri: uri,
          next_page_uri: null,
          previous_page_uri: null,
          page: 0,
          page_size: pageSize,
          start: 0,
          end: Math.max(0, Math.min(rows.length, pageSize) - 1),
          uri,
        });
      }
      send(res, 405, { code: 20004, message: "Method not allowed", status: 405 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** Credentials in Twilio's formats (AC + 32 hex, a 32-hex token). */
export function twilioTestAccount(): { accountSid: string; authToken: string } {
  return { accountSid: `AC${randomBytes(16).toString("hex")}`, authToken: randomBytes(16).toString("hex") };
}
