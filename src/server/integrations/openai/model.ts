import OpenAI from "openai";
import { getEnv } from "@/env";

/**
 * The chat model behind the AI receptionist: the official SDK pointed at OpenAI, or at any OpenAI-compatible server
 * through OPENAI_BASE_URL (Ollama, vLLM, LM Studio). Without OPENAI_API_KEY the AI is off: `getChatModel()` is null
 * and inbound messages wait for a person.
 */
export interface ChatModel {
  client: OpenAI;
  model: string;
}

const globalForModel = globalThis as unknown as { loctelliChatModel?: { key: string; model: ChatModel | null } };

export function getChatModel(): ChatModel | null {
  const env = getEnv();
  const key = [env.OPENAI_API_KEY, env.OPENAI_BASE_URL, env.OPENAI_MODEL, env.OPENAI_TIMEOUT_MS, env.OPENAI_MAX_RETRIES].join("\u0000");
  const cached = globalForModel.loctelliChatModel;
  if (cached?.key === key) return cached.model;
  const model = env.OPENAI_API_KEY
    ? {
        client: new OpenAI({
          apiKey: env.OPENAI_API_KEY,
          baseURL: env.OPENAI_BASE_URL,
          timeout: env.OPENAI_TIMEOUT_MS,
          maxRetries: env.OPENAI_MAX_RETRIES,
        }),
        model: env.OPENAI_MODEL,
      }
    : null;
  globalForModel.loctelliChatModel = { key, model };
  return model;
}

export const isAiConfigured = () => getChatModel() !== null;
