import { isIP } from "node:net";
import type { AiModelSettingsInput } from "@/schemas/ai-model";
import { getEnv } from "@/env";
import { AppError } from "@/server/errors";
import { encryptModelKey, settingsOf } from "@/server/integrations/openai/model-settings";
import { environmentModelSettings, hostOf, type ModelSettings } from "@/server/integrations/openai/model";

/** A stored configuration as a screen shows it: the key only as set / not set. */
export interface ModelConfigView {
  provider: "openai" | "openai_compatible";
  baseUrl: string | null;
  model: string;
  keySet: boolean;
  host: string;
  updatedAt: Date;
}

type StoredRow = { provider: ModelConfigView["provider"]; baseUrl: string | null; model: string; apiKey: string | null; updatedAt: Date };

export function viewOf(row: StoredRow | null): ModelConfigView | null {
  if (!row) return null;
  return { provider: row.provider, baseUrl: row.baseUrl, model: row.model, keySet: !!row.apiKey, host: hostOf(row), updatedAt: row.updatedAt };
}

/** The environment's default as a screen may show it (its model and host; never the variables' names or the key). */
export function environmentView() {
  const settings = environmentModelSettings();
  return settings ? { model: settings.model, host: hostOf(settings) } : null;
}

/**
 * The row to store for `input`, given the stored one: a new key is encrypted for `keyContext`, an absent key keeps
 * the stored one (it never travels back to a browser, so a form cannot resend it), `clearApiKey` drops it.
 * OpenAI itself always needs a key.
 */
export function rowFor(input: AiModelSettingsInput, stored: { apiKey: string | null } | null, keyContext: string) {
  const apiKey = input.apiKey ? encryptModelKey(input.apiKey, keyContext) : input.clearApiKey ? null : (stored?.apiKey ?? null);
  if (input.provider === "openai" && !apiKey) throw AppError.field("apiKey", "OpenAI needs an API key: paste one.");
  return { provider: input.provider, baseUrl: input.provider === "openai_compatible" ? (input.baseUrl ?? null) : null, model: input.model, apiKey };
}

/** The settings a "test connection" tries: the form's values, with the stored key when the form leaves it blank. */
export function settingsToTest(input: AiModelSettingsInput, stored: StoredRow | null, keyContext: string): ModelSettings {
  const storedKey = input.clearApiKey ? null : (settingsOf(stored, keyContext)?.apiKey ?? null);
  return {
    provider: input.provider,
    baseUrl: input.provider === "openai_compatible" ? (input.baseUrl ?? null) : null,
    model: input.model,
    apiKey: input.apiKey ?? storedKey,
  };
}

const PRIVATE_V4 = [/^10\./, /^127\./, /^169\.254\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^0\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./];

/**
 * A workspace's own server is called by our servers: in production it must be https on a public name, never an
 * address inside our network (localhost, private or link-local ranges). Platform admins may point the platform
 * default anywhere (their own Ollama next to the app). Names are not resolved here: the check refuses the obvious
 * internal addresses, it is not a complete defence against a DNS name that resolves inward.
 */
export function assertWorkspaceReachableUrl(baseUrl: string | null | undefined) {
  if (!baseUrl || !getEnv().isProduction) return;
  const url = new URL(baseUrl);
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const internal =
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host.endsWith(".internal") ||
    (isIP(host) === 4 && PRIVATE_V4.some((range) => range.test(host))) ||
    (isIP(host) === 6 && (host === "::1" || host.startsWith("fc") || host.startsWith("fd") || host.startsWith("fe80") || host.startsWith("::ffff:")));
  if (url.protocol !== "https:" || internal) {
    throw AppError.field("baseUrl", "A workspace's own server must be an https address on the internet (not localhost or a private network).");
  }
}
