import type { AiModelSettingsInput } from "@/schemas/ai-model";
import { AppError } from "@/server/errors";
import { encryptModelKey, settingsOf } from "@/server/integrations/openai/model-settings";
import { WORKSPACE_MODEL_REFUSED_TO, environmentModelSettings, hostOf, type ModelSettings } from "@/server/integrations/openai/model";
import { UnsafeEndpointError, assertSafeEndpoint } from "@/server/integrations/outbound/address-guard";

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

/**
 * A workspace's own server is called by our servers with the workspace's key: it must be https (plain http only to a
 * host on WEBHOOK_ALLOWED_HOSTS, development and tests) on a name that resolves to public addresses only, never an
 * address inside our network (the SSRF guard of outbound requests, integrations/outbound/; every request is checked
 * again, see openai/model.ts). Platform admins may point the platform default anywhere (their own Ollama next to the
 * app).
 */
export async function assertWorkspaceReachableUrl(baseUrl: string | null | undefined) {
  if (!baseUrl) return;
  try {
    await assertSafeEndpoint(baseUrl, { refusedTo: WORKSPACE_MODEL_REFUSED_TO, httpsOnly: true });
  } catch (e) {
    if (!(e instanceof UnsafeEndpointError)) throw e;
    if (e.kind === "address" || e.kind === "https") {
      throw AppError.field("baseUrl", "A workspace's own server must be an https address on the internet (not localhost or a private network).");
    }
    throw AppError.field("baseUrl", e.message);
  }
}
