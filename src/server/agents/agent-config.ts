import { tenantDb } from "@/server/db/tenant";
import { logger } from "@/server/logger";
import { redisReady } from "@/server/redis/client";
import { effectivePromptTemplate } from "@/server/services/prompt-templates/effective-template";
import { promptCanary } from "./safety";
import { buildStaticPrompt, type StrategySnapshot } from "./system-prompt";

/**
 * What an agent needs besides the lead: the strategy's current version, the effective prompt template and the
 * static part of the system prompt. Cached in Redis for 30 minutes (the spec's agent factory cache), shared by the
 * app and the worker. Each entry records two generation counters, bumped the moment a strategy of the workspace or
 * any prompt template changes; an entry whose counters are not the current ones is ignored. A turn reads the counters
 * before it reads the database, so a configuration read before a change is stored under the old counters.
 */
export interface AgentConfig {
  strategyId: number;
  strategyName: string;
  strategyVersionId: number;
  strategyVersion: number;
  delayMin: number;
  delayMax: number;
  templateId: number | null;
  temperature: number;
  maxTokens: number | null;
  staticPrompt: string;
  /** The strategy's leak canary, also written in `staticPrompt`. */
  canary: string;
}

export const AGENT_CONFIG_TTL_SECONDS = 30 * 60;

/** Used when no template applies at all (none of the strategy, the workspace, or a platform default). */
export const FALLBACK_TEMPLATE_PROMPT =
  "You are a helpful receptionist for a business. You answer questions, qualify leads and book meetings.";

const workspaceGenKey = (subAccountId: number) => `agent-config:gen:ws:${subAccountId}`;
const TEMPLATE_GEN_KEY = "agent-config:gen:templates";
// v2: entries carry the canary.
export const configKey = (subAccountId: number, strategyId: number) => `agent-config:v2:${subAccountId}:${strategyId}`;
type Generations = { ws: string; tpl: string };
type CacheEntry = Generations & { config: AgentConfig };

async function loadAgentConfig(subAccountId: number, strategyId: number): Promise<AgentConfig | null> {
  const db = tenantDb(subAccountId);
  const strategy = await db.strategy.findUnique({
    where: { id: strategyId },
    select: { id: true, name: true, currentVersion: true, promptTemplateId: true, delayMin: true, delayMax: true },
  });
  if (!strategy) return null;
  const version = await db.strategyVersion.findUnique({
    where: { strategyId_version: { strategyId, version: strategy.currentVersion } },
    select: { id: true, version: true, snapshot: true },
  });
  if (!version) return null;
  const snapshot = version.snapshot as unknown as StrategySnapshot;
  const template = await effectivePromptTemplate({ db }, strategy.promptTemplateId);
  const canary = promptCanary(subAccountId, strategyId);
  return {
    strategyId,
    strategyName: strategy.name,
    strategyVersionId: version.id,
    strategyVersion: version.version,
    delayMin: snapshot.delayMin ?? strategy.delayMin,
    delayMax: snapshot.delayMax ?? strategy.delayMax,
    templateId: template?.id ?? null,
    temperature: template?.temperature ?? 0.7,
    maxTokens: template?.maxTokens ?? null,
    staticPrompt: buildStaticPrompt(template?.baseSystemPrompt ?? FALLBACK_TEMPLATE_PROMPT, snapshot, canary),
    canary,
  };
}

/** The agent configuration of a workspace's strategy; null when the strategy does not exist in that workspace. */
export async function getAgentConfig(subAccountId: number, strategyId: number): Promise<AgentConfig | null> {
  const key = configKey(subAccountId, strategyId);
  let generations: Generations | null = null;
  try {
    const redis = await redisReady(2_000);
    // One round trip: both counters and the cached entry, which records the counters it was built under.
    const [wsGen, tplGen, cached] = await redis.mget(workspaceGenKey(subAccountId), TEMPLATE_GEN_KEY, key);
    generations = { ws: wsGen ?? "0", tpl: tplGen ?? "0" };
    if (cached) {
      const entry = JSON.parse(cached) as CacheEntry;
      if (entry.ws === generations.ws && entry.tpl === generations.tpl) return entry.config;
    }
  } catch (e) {
    // A cache outage costs a database read, never a reply.
    logger.warn({ err: { message: (e as Error).message } }, "agent config cache unavailable");
    generations = null;
  }
  const config = await loadAgentConfig(subAccountId, strategyId);
  if (config && generations) {
    const entry: CacheEntry = { ...generations, config };
    await redisReady(2_000)
      .then((redis) => redis.set(key, JSON.stringify(entry), "EX", AGENT_CONFIG_TTL_SECONDS))
      .catch(() => undefined);
  }
  return config;
}

/** A strategy of the workspace (or the workspace's active template) changed. Call after the change is committed. */
export async function invalidateWorkspaceAgentConfigs(subAccountId: number): Promise<void> {
  await bump(workspaceGenKey(subAccountId));
}

/** A prompt template changed: every workspace may use it (directly, through a strategy, or as the default). */
export async function invalidateAllAgentConfigs(): Promise<void> {
  await bump(TEMPLATE_GEN_KEY);
}

// The change itself is committed; a cache that cannot be told keeps the old configuration until its TTL ends.
async function bump(key: string) {
  await redisReady(2_000)
    .then((redis) => redis.incr(key))
    .catch((e: unknown) => logger.error({ err: { message: (e as Error).message } }, "agent config cache could not be invalidated"));
}

