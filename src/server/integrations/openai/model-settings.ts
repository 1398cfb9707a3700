import { unsafeDb } from "@/server/db/client";
import { tenantDb } from "@/server/db/tenant";
import { decryptText, encryptText } from "@/server/crypto/encryption";
import { logger } from "@/server/logger";
import type { ModelSettings } from "./model";

/**
 * The stored model configurations a workspace's resolution needs: its own row and the platform's (one row, a
 * platform-private table, hence the base client). Keys are AES-256-GCM ciphertexts bound to their row.
 */
export interface StoredModelSettings {
  workspace: ModelSettings | null;
  platform: ModelSettings | null;
}

export const PLATFORM_KEY_CONTEXT = "ai-model:platform";
export const workspaceKeyContext = (subAccountId: number) => `ai-model:ws:${subAccountId}`;

export const encryptModelKey = (apiKey: string, context: string) => encryptText("integration-credentials", apiKey, context);

interface Row {
  provider: ModelSettings["provider"];
  baseUrl: string | null;
  model: string;
  apiKey: string | null;
}

/** A row whose key no longer decrypts (ENCRYPTION_KEY changed) counts as not configured, and says so in the log. */
export function settingsOf(row: Row | null, context: string): ModelSettings | null {
  if (!row) return null;
  let apiKey: string | null = null;
  if (row.apiKey) {
    try {
      apiKey = decryptText("integration-credentials", row.apiKey, context);
    } catch {
      logger.error({ context }, "stored model key cannot be decrypted; that configuration is ignored");
      return null;
    }
  }
  return { provider: row.provider, baseUrl: row.baseUrl, model: row.model, apiKey };
}

const select = { provider: true, baseUrl: true, model: true, apiKey: true } as const;

export async function readPlatformModelRow() {
  return unsafeDb.platformAiModel.findUnique({ where: { id: 1 }, select: { ...select, updatedAt: true, updatedByAdminId: true } });
}

export async function readModelSettings(subAccountId: number): Promise<StoredModelSettings> {
  const [own, platform] = await Promise.all([
    tenantDb(subAccountId).workspaceAiModel.findFirst({ select }),
    unsafeDb.platformAiModel.findUnique({ where: { id: 1 }, select }),
  ]);
  return { workspace: settingsOf(own, workspaceKeyContext(subAccountId)), platform: settingsOf(platform, PLATFORM_KEY_CONTEXT) };
}
