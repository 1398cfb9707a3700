import { getEnv } from "@/env";
import { Prisma, unsafeDb, unsafeQuery } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { groupCommit } from "@/server/http/group-commit";
import { enqueueMany } from "@/server/jobs/enqueue";
import { processInboundSmsJob } from "@/server/jobs/process-inbound-sms";
import { isValidTwilioSignature } from "@/server/integrations/messaging/twilio";
import { logger } from "@/server/logger";
import { redisReady } from "@/server/redis/client";
import { localTwilioAuthToken, platformTwilioCredentials, smsChannelOf } from "./sms-channel";

/** A Twilio webhook as it arrived: its form fields, the public URL Twilio called, and its signature header. */
export interface TwilioWebhook {
  params: Record<string, string>;
  url: string;
  signature: string | null;
}

/**
 * The URL Twilio signed: PUBLIC_URL (or APP_URL) with the request's path and query. Behind trusted proxies
 * (TRUST_PROXY_HOPS > 0) the scheme and host they forwarded are used instead; otherwise those headers are ignored,
 * since anyone could send them.
 */
export function publicUrlOf(req: Request): string {
  const env = getEnv();
  const { pathname, search } = new URL(req.url);
  if (env.TRUST_PROXY_HOPS > 0) {
    const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
    const host = (req.headers.get("x-forwarded-host") ?? req.headers.get("host"))?.split(",")[0]?.trim();
    if (proto && host) return `${proto}://${host}${pathname}${search}`;
  }
  return `${env.publicUrl}${pathname}${search}`;
}

/** Twilio posts application/x-www-form-urlencoded; anything else has no fields (and fails the signature check). */
export async function readTwilioWebhook(req: Request): Promise<TwilioWebhook> {
  const type = req.headers.get("content-type") ?? "";
  const params: Record<string, string> = {};
  if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(await req.text())) params[key] = value;
  }
  return { params, url: publicUrlOf(req), signature: req.headers.get("x-twilio-signature") };
}

export interface VerifiedNumber {
  workspaceId: number;
  number: { id: number; phoneNumber: string | null };
}

const FORGED = () => new AppError("FORBIDDEN", "The request is not signed by Twilio.");

/** What a webhook needs to know about one of our numbers (or Messaging Services), cached per process. */
interface Route {
  workspaceId: number;
  number: { id: number; phoneNumber: string | null };
  /** Where the workspace's SMS go; "local" is only accepted while the phone simulator is on. */
  source: "workspace" | "platform" | "local";
  /** The token Twilio signs this workspace's webhooks with. */
  authToken: string;
}

/**
 * The number -> workspace routing is on the hot path of every inbound webhook, so it is cached in this process:
 * each entry records the routing generation it was read under, a counter in Redis that every change of a number,
 * of a workspace's Twilio account or of a workspace's existence bumps (`invalidateSmsRouting`). A request reads the
 * counter (one Redis GET, pipelined) and trusts an entry only under the current one; without Redis it reads the
 * database. Entries also expire after ROUTE_TTL_MS, a bound for changes made outside the services.
 */
const ROUTING_GENERATION_KEY = "sms-routing:gen";
const ROUTE_TTL_MS = 5 * 60_000;
const ROUTE_CACHE_MAX = 10_000;
const routes = new Map<string, { generation: string; at: number; route: Route | null }>();

async function routingGeneration(): Promise<string | null> {
  try {
    const redis = await redisReady(1_000);
    return (await redis.get(ROUTING_GENERATION_KEY)) ?? "0";
  } catch {
    return null;
  }
}

/** A number, a Messaging Service or a workspace's Twilio account changed: every process reads its routes again. */
export async function invalidateSmsRouting(): Promise<void> {
  routes.clear();
  try {
    await (await redisReady(2_000)).incr(ROUTING_GENERATION_KEY);
  } catch (e) {
    // Entries of other processes then live out their TTL; log it, the change itself is committed.
    logger.warn({ err: { message: (e as Error).message } }, "sms routing generation not bumped");
  }
}

/** Tests switch TWILIO_* and PHONE_SIMULATOR between files and cases. */
export function resetSmsRoutingCache(): void {
  routes.clear();
}

async function loadRoute(key: { number?: string; messagingServiceSid?: string }): Promise<Route | null> {
  const select = { id: true, phoneNumber: true, subAccountId: true } as const;
  const number =
    (key.number ? await unsafeDb.smsNumber.findUnique({ where: { phoneNumber: key.number }, select }) : null) ??
    (key.messagingServiceSid ? await unsafeDb.smsNumber.findUnique({ where: { messagingServiceSid: key.messagingServiceSid }, select }) : null);
  if (!number) return null;
  const channel = await smsChannelOf(number.subAccountId);
  return { workspaceId: number.subAccountId, number: { id: number.id, phoneNumber: number.phoneNumber }, source: channel.source, authToken: channel.webhookAuthToken };
}

async function routeOf(ours: { number?: string; messagingServiceSid?: string }): Promise<Route | null> {
  const cacheKey = `${ours.number ?? ""}|${ours.messagingServiceSid ?? ""}`;
  const generation = await routingGeneration();
  const cached = routes.get(cacheKey);
  if (generation !== null && cached && cached.generation === generation && Date.now() - cached.at < ROUTE_TTL_MS) return cached.route;
  const route = await loadRoute(ours);
  if (generation !== null) {
    if (routes.size >= ROUTE_CACHE_MAX) routes.clear();
    routes.set(cacheKey, { generation, at: Date.now(), route });
  }
  return route;
}

/**
 * Finds the workspace from what we own (our number, or our Messaging Service) and checks the signature with that
 * workspace's auth token. A number nobody owns is checked against the platform's token (or the local one): a valid
 * request for it gets null (acknowledged, nothing stored); an unsigned or forged one is refused.
 * Unscoped lookup by nature: the number is what tells us the workspace.
 */
export async function unsafeVerifyTwilioWebhook(webhook: TwilioWebhook, ours: { number?: string; messagingServiceSid?: string }): Promise<VerifiedNumber | null> {
  if (!webhook.signature) throw FORGED();
  const route = await routeOf(ours);
  if (!route) {
    const token = platformTwilioCredentials()?.authToken ?? (getEnv().phoneSimulator ? localTwilioAuthToken() : null);
    if (!token || !isValidTwilioSignature(token, webhook.signature, webhook.url, webhook.params)) throw FORGED();
    return null;
  }
  if (route.source === "local" && !getEnv().phoneSimulator) throw FORGED();
  if (!isValidTwilioSignature(route.authToken, webhook.signature, webhook.url, webhook.params)) throw FORGED();
  return { workspaceId: route.workspaceId, number: route.number };
}

/** The empty TwiML answer: we reply later through the REST API, after the strategy's pacing. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** An inbound SMS to record: its workspace, Twilio's MessageSid and the event's payload. */
export interface InboundSmsRecord {
  workspaceId: number;
  messageSid: string;
  payload: object;
}

/**
 * Records inbound SMS (WebhookEvent `sms:<MessageSid>`, `ON CONFLICT DO NOTHING` on the unique provider id, so a
 * redelivery inserts nothing) and queues their `process-inbound-sms` jobs (one id per MessageSid, so a redelivery adds
 * nothing either, unless the first job is gone). Concurrent webhooks are gathered (group-commit.ts): one INSERT of
 * many rows (raw SQL across workspaces: each row carries the workspace our number named) and one addBulk per batch, so
 * a burst costs a round trip per batch, not per message. Resolves with whether the event is new.
 */
export const unsafeRecordInboundSms: (record: InboundSmsRecord) => Promise<boolean> = groupCommit(
  async (records: InboundSmsRecord[]) => {
    const rows = await unsafeQuery<{ providerEventId: string }>(Prisma.sql`
      INSERT INTO "WebhookEvent" ("subAccountId", provider, "providerEventId", payload)
      SELECT w, 'twilio', e, p FROM unnest(${records.map((r) => r.workspaceId)}::int[], ${records.map((r) => `sms:${r.messageSid}`)}::text[], ${records.map((r) => JSON.stringify(r.payload))}::jsonb[]) AS t(w, e, p)
      ON CONFLICT (provider, "providerEventId") DO NOTHING
      RETURNING "providerEventId"`);
    const inserted = new Set(rows.map((r) => r.providerEventId));
    await enqueueMany(processInboundSmsJob, records.map((r) => ({ subAccountId: r.workspaceId, messageSid: r.messageSid })));
    return records.map((r) => inserted.has(`sms:${r.messageSid}`));
  },
  { maxBatch: 200, maxConcurrent: 2 },
);
