import { afterAll } from "vitest";
import { startLocalOpenAI } from "./openai-server";

/**
 * The model of a test file: the local OpenAI-compatible server, with the environment pointing the SDK at it (no retries,
 * 5 s timeout). Import it before worker-harness and any module of the app (the environment is read once, at first use).
 */
export const local = await startLocalOpenAI();
Object.assign(process.env, {
  OPENAI_API_KEY: "sk-local-test",
  OPENAI_BASE_URL: local.baseURL,
  OPENAI_MODEL: "local-model",
  OPENAI_TIMEOUT_MS: "5000",
  OPENAI_MAX_RETRIES: "0",
});
afterAll(() => local.close());
