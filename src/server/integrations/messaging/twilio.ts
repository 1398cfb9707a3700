import twilio from "twilio";
import { logger as rootLogger, type Logger } from "@/server/logger";
import { maskPhone } from "./mask";
import { DeliveryError, type SendResult, type SentSmsQuery, type SmsMessage, type SmsSender } from "./types";

/** Twilio's REST API base; tests and local emulators replace it (TWILIO_API_URL). */
const TWILIO_API = /^https:\/\/[a-z0-9.-]+\.twilio\.com/;

/**
 * The SDK's HTTP client with every request sent to another base URL (a local server that speaks Twilio's API),
 * as STACK.md describes: the SDK itself builds, signs and parses each call.
 */
class RedirectingRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: 15_000 });
  }

  override request<TData>(opts: Parameters<twilio.RequestClient["request"]>[0] & { data?: TData }) {
    return super.request({ ...opts, uri: opts.uri.replace(TWILIO_API, this.baseUrl) });
  }
}

/**
 * Twilio's error codes that no retry can change (the number is invalid, unreachable by SMS, or the recipient
 * opted out at the carrier), with the text members see. Other refusals (auth, rate, outage) are retried.
 */
const PERMANENT_ERRORS: Readonly<Record<number, string>> = {
  21211: "The phone number is not a valid mobile number.",
  21408: "Sending to this country is not enabled on the Twilio account.",
  21606: "The sending number cannot send SMS.",
  21610: "The recipient has opted out of SMS from this number (replied STOP).",
  21612: "This number cannot be reached from the sending number.",
  21614: "The phone number cannot receive SMS (not a mobile number).",
  21617: "The message is too long.",
};

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

/**
 * SMS through the official twilio SDK. Every create carries our status callback URL, so delivery receipts come back
 * to /api/webhooks/twilio/status. The reference of the logical send is not something Twilio stores, so recovery
 * (findSent) matches a sent message by recipient, sender, time and body.
 */
export class TwilioSmsDriver implements SmsSender {
  readonly driver = "twilio" as const;
  private readonly client: twilio.Twilio;

  constructor(
    credentials: TwilioCredentials,
    private readonly options: { apiBaseUrl?: string; statusCallbackUrl?: string; log?: Logger } = {},
  ) {
    this.client = twilio(credentials.accountSid, credentials.authToken, {
      ...(options.apiBaseUrl ? { httpClient: new RedirectingRequestClient(options.apiBaseUrl.replace(/\/$/, "")) } : {}),
    });
  }

  private get log(): Logger {
    return this.options.log ?? rootLogger;
  }

  async sendSms(message: SmsMessage): Promise<SendResult> {
    try {
      const sent = await this.client.messages.create({
        to: message.to,
        body: message.body,
        ...(message.messagingServiceSid ? { messagingServiceSid: message.messagingServiceSid } : { from: message.from }),
        ...(this.options.statusCallbackUrl ? { statusCallback: this.options.statusCallbackUrl } : {}),
      });
      this.log.info({ driver: "twilio", to: maskPhone(message.to), reference: message.reference, externalId: sent.sid }, "sms handed to twilio");
      return { externalId: sent.sid };
    } catch (e) {
      throw toDeliveryError(e);
    }
  }

  async findSent(query: SentSmsQuery): Promise<SendResult | null> {
    try {
      const candidates = await this.client.messages.list({
        to: query.to,
        ...(query.messagingServiceSid ? {} : { from: query.from }),
        // Twilio filters on the send time; a minute of slack covers clock differences between us and Twilio.
        dateSentAfter: new Date(query.since.getTime() - 60_000),
        limit: 200,
      });
      const match = candidates.find((m) => m.body === query.body && m.direction !== "inbound");
      return match ? { externalId: match.sid } : null;
    } catch (e) {
      throw toDeliveryError(e);
    }
  }
}

function toDeliveryError(e: unknown): DeliveryError {
  const err = e as { status?: number; code?: number; message?: string };
  const known = err.code !== undefined ? PERMANENT_ERRORS[err.code] : undefined;
  if (known) return new DeliveryError(known, { permanent: true, providerCode: String(err.code), cause: e });
  // 401/403: the credentials are wrong; no retry fixes that, but a person must hear about it.
  if (err.status === 401 || err.status === 403) {
    return new DeliveryError("Twilio refused the workspace's credentials; check the Account SID and auth token.", {
      permanent: true,
      providerCode: err.code === undefined ? String(err.status) : String(err.code),
      cause: e,
    });
  }
  if (err.status !== undefined && err.status >= 400 && err.status < 500 && err.status !== 429) {
    return new DeliveryError("Twilio refused the message.", { permanent: true, providerCode: err.code === undefined ? undefined : String(err.code), cause: e });
  }
  return new DeliveryError("Twilio could not be reached or is busy.", { permanent: false, providerCode: err.code === undefined ? undefined : String(err.code), cause: e });
}

/** Twilio's own check of X-Twilio-Signature over the exact public URL and the posted form fields. */
export function isValidTwilioSignature(authToken: string, signature: string | null, url: string, params: Record<string, string>): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}

/** Signs a webhook as Twilio does (the phone simulator and the local driver's receipts use it). */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/** What checking a workspace's credentials with Twilio found: usable, or why not, in words for the admin. */
export type TwilioAccountCheck =
  | { ok: true; friendlyName: string; status: string }
  | {
      ok: false;
      reason: "credentials" | "account" | "unreachable";
      message: string;
      providerCode: string | null;
      /** What Twilio said of the account when it answered (a suspended or closed one). */
      account?: { friendlyName: string; status: string };
    };

const ACCOUNT_STATES: Readonly<Record<string, string>> = {
  suspended: "Twilio says this account is suspended: it cannot send or receive messages until Twilio lifts the suspension.",
  closed: "Twilio says this account is closed: it can no longer send or receive messages.",
};

/**
 * Fetches the account the credentials name (GET /Accounts/<sid>.json, through the official SDK), so that wrong
 * credentials are refused when they are saved, not at the first send. Twilio's answer includes the auth token: only
 * the friendly name and the status are read from it, and nothing of the answer is logged.
 */
export async function checkTwilioAccount(credentials: TwilioCredentials, options: { apiBaseUrl?: string } = {}): Promise<TwilioAccountCheck> {
  const client = twilio(credentials.accountSid, credentials.authToken, {
    ...(options.apiBaseUrl ? { httpClient: new RedirectingRequestClient(options.apiBaseUrl.replace(/\/$/, "")) } : {}),
  });
  try {
    const account = await client.api.v2010.accounts(credentials.accountSid).fetch();
    const refused = ACCOUNT_STATES[account.status];
    if (refused) return { ok: false, reason: "account", message: refused, providerCode: null, account: { friendlyName: account.friendlyName, status: account.status } };
    return { ok: true, friendlyName: account.friendlyName, status: account.status };
  } catch (e) {
    const err = e as { status?: number; code?: number };
    const providerCode = err.code === undefined ? null : String(err.code);
    if (err.status === 401 || err.status === 403 || err.status === 404) {
      return {
        ok: false,
        reason: "credentials",
        message: "Twilio did not accept these credentials: the Account SID or the auth token is wrong (or the token was changed in Twilio since it was copied).",
        providerCode,
      };
    }
    if (err.status !== undefined && err.status >= 400 && err.status < 500 && err.status !== 429) {
      return { ok: false, reason: "account", message: `Twilio refused to show this account (error ${providerCode ?? err.status}).`, providerCode };
    }
    return { ok: false, reason: "unreachable", message: "Twilio could not be reached to check these credentials; nothing was saved. Try again in a moment.", providerCode };
  }
}
