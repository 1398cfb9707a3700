import OpenAI from "openai";
import { getEnv } from "@/env";
import { guardedFetch } from "@/server/integrations/outbound/guarded-agent";
import { logger } from "@/server/logger";
import { redisReady } from "@/server/redis/client";
import { readModelSettings, type StoredModelSettings } from "./model-settings";

/**
 * The chat model behind the AI receptionist: the official SDK pointed at OpenAI, or at any OpenAI-compatible server
 * (Ollama, vLLM, LM Studio). Which one a workspace uses is resolved in this order:
 *   1. the workspace's own model and key (workspace admins, Settings › AI),
 *   2. the platform's default (platform admins, Admin › AI model),
 *   3. the environment (OPENAI_API_KEY / OPENAI_MODEL / OPENAI_BASE_URL), the bootstrap default.
 * None of them: the AI is off and inbound messages wait for a person.
 *
 * Resolutions are cached per process under two Redis generation counters (the platform's and the workspace's), bumped
 * by the services that change a configuration, so the app and every worker see a change at their next turn. SDK
 * clients are cached by their settings, so a turn reuses the kept-alive connections of the previous one.
 *
 * A workspace's own server is an address a workspace chose, and our servers call it: its requests go through the SSRF
 * guard of outbound requests (integrations/outbound/: https only unless allow-listed, the host resolved and checked
 * at every connection, which is made to the checked address; no redirects). The platform's default and the
 * environment's are set by platform admins and may be anywhere, an Ollama next to the app included.
 */
export interface ChatModel {
  client: OpenAI;
  model: string;
}

export type ModelSource = "workspace" | "platform" | "environment";

export interface ResolvedModel {
  model: ChatModel | null;
  source: ModelSource | null;
  /** The model's name and where it is (never the key), for the status line. */
  modelName: string | null;
  host: string | null;
}

/** Settings with the key in clear (decrypted in memory only). */
export interface ModelSettings {
  provider: "openai" | "openai_compatible";
  baseUrl: string | null;
  model: string;
  apiKey: string | null;
}

export const WORKSPACE_MODEL_REFUSED_TO = "AI requests cannot be sent to";
/** The guarded connection pool of every workspace's own server. */
const workspaceModelFetch = guardedFetch({ refusedTo: WORKSPACE_MODEL_REFUSED_TO, connectTimeoutMs: 15_000 });
/** Closes it (tests). */
export const closeWorkspaceModelConnections = workspaceModelFetch.close;

/** An OpenAI-compatible server without authentication (Ollama) still needs a non-empty key for the SDK. */
const KEYLESS = "not-needed";

const globalForModel = globalThis as unknown as {
  loctelliModelClients?: Map<string, ChatModel>;
  loctelliModelResolutions?: Map<number, { gens: string; at: number; resolved: ResolvedModel }>;
};
const clients = (globalForModel.loctelliModelClients ??= new Map());
const resolutions = (globalForModel.loctelliModelResolutions ??= new Map());
const MAX_CACHED = 10_000;
/** A resolution is also read again after this long, in case a change could not bump its counter. */
const RESOLUTION_TTL_MS = 5 * 60_000;

export function hostOf(settings: Pick<ModelSettings, "provider" | "baseUrl">): string {
  if (settings.provider === "openai" || !settings.baseUrl) return "api.openai.com";
  try {
    return new URL(settings.baseUrl).host;
  } catch {
    return settings.baseUrl;
  }
}

/**
 * An SDK client for these settings (cached: one per distinct configuration). `guarded`: a workspace's own server,
 * reached only through the SSRF guard.
 */
export function chatModelFrom(settings: ModelSettings, opts: { timeoutMs?: number; maxRetries?: number; guarded?: boolean } = {}): ChatModel {
  const env = getEnv();
  const timeout = opts.timeoutMs ?? env.OPENAI_TIMEOUT_MS;
  const maxRetries = opts.maxRetries ?? env.OPENAI_MAX_RETRIES;
  const baseURL = settings.provider === "openai_compatible" ? (settings.baseUrl ?? undefined) : undefined;
  const guarded = opts.guarded === true;
  const key = [settings.provider, baseURL, settings.model, settings.apiKey, timeout, maxRetries, guarded].join("\u0000");
  const cached = clients.get(key);
  if (cached) return cached;
  const client = new OpenAI({ apiKey: settings.apiKey || KEYLESS, baseURL, timeout, maxRetries, ...(guarded ? { fetch: workspaceModelFetch.fetch as never } : {}) });
  const model = { client, model: settings.model };
  if (clients.size >= MAX_CACHED) clients.clear();
  clients.set(key, model);
  return model;
}

/** The environment's model (the bootstrap default): OPENAI_API_KEY turns it on, OPENAI_BASE_URL points it elsewhere. */
export function environmentModelSettings(): ModelSettings | null {
  const env = getEnv();
  if (!env.OPENAI_API_KEY) return null;
  return {
    provider: env.OPENAI_BASE_URL ? "openai_compatible" : "openai",
    baseUrl: env.OPENAI_BASE_URL ?? null,
    model: env.OPENAI_MODEL,
    apiKey: env.OPENAI_API_KEY,
  };
}

const PLATFORM_GEN_KEY = "ai-model:gen:platform";
const workspaceGenKey = (subAccountId: number) => `ai-model:gen:ws:${subAccountId}`;

function resolve(stored: StoredModelSettings): ResolvedModel {
  const [source, settings]: [ModelSource | null, ModelSettings | null] = stored.workspace
    ? ["workspace", stored.workspace]
    : stored.platform
      ? ["platform", stored.platform]
      : environmentModelSettings()
        ? ["environment", environmentModelSettings()]
        : [null, null];
  if (!settings) return { model: null, source: null, modelName: null, host: null };
  return { model: chatModelFrom(settings, { guarded: source === "workspace" }), source, modelName: settings.model, host: hostOf(settings) };
}

/** The model a workspace's AI turns use, or null (the AI is off). */
export async function resolveChatModel(subAccountId: number): Promise<ResolvedModel> {
  let gens: string | null = null;
  try {
    const redis = await redisReady(2_000);
    const [platformGen, wsGen] = await redis.mget(PLATFORM_GEN_KEY, workspaceGenKey(subAccountId));
    // The environment's part too: a process whose environment is read again (tests do) resolves again.
    const env = getEnv();
    gens = [platformGen ?? "0", wsGen ?? "0", env.OPENAI_API_KEY, env.OPENAI_BASE_URL, env.OPENAI_MODEL].join("\u0000");
    const cached = resolutions.get(subAccountId);
    if (cached && cached.gens === gens && Date.now() - cached.at < RESOLUTION_TTL_MS) return cached.resolved;
  } catch (e) {
    // Without the counters nothing cached can be trusted: read the database (a cache outage never stops a reply).
    logger.warn({ err: { message: (e as Error).message } }, "ai model cache unavailable");
  }
  const resolved = resolve(await readModelSettings(subAccountId));
  if (gens !== null) {
    if (resolutions.size >= MAX_CACHED) resolutions.clear();
    resolutions.set(subAccountId, { gens, at: Date.now(), resolved });
  }
  return resolved;
}

export async function getChatModel(subAccountId: number): Promise<ChatModel | null> {
  return (await resolveChatModel(subAccountId)).model;
}

export async function isAiConfigured(subAccountId: number): Promise<boolean> {
  return (await getChatModel(subAccountId)) !== null;
}

/** The platform default changed (after the commit): every workspace resolves again. */
export async function invalidatePlatformModel(): Promise<void> {
  await bump(PLATFORM_GEN_KEY);
}

/** A workspace's own model changed (after the commit). */
export async function invalidateWorkspaceModel(subAccountId: number): Promise<void> {
  await bump(workspaceGenKey(subAccountId));
}

async function bump(key: string) {
  await redisReady(2_000)
    .then((redis) => redis.incr(key))
    .catch((e: unknown) => logger.error({ err: { message: (e as Error).message } }, "ai model cache could not be invalidated"));
}
