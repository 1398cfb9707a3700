// The model for bench:ai, in its own process (the model is never inside the worker): tests/support's local
// OpenAI-compatible server answering every completion at once, keeping connections alive as a hosted model API does.
// Prints its base URL for the bench to read.
import { startLocalOpenAI } from "../tests/support/openai-server";

const local = await startLocalOpenAI({ keepAliveTimeoutMs: 60_000 });
local.fallback(() => {
  // Keeps memory flat over thousands of turns; the bench never reads the recorded requests.
  local.requests.length = 0;
  return { content: "Thanks! Would Tuesday at 10:00 work for you?", usage: { prompt_tokens: 500, completion_tokens: 12 } };
});
console.log(`MODEL_BASE_URL=${local.baseURL}`);

const stop = () => void local.close().finally(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
