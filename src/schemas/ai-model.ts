import { z } from "zod";
import { text } from "./common";

export const AI_PROVIDERS = ["openai", "openai_compatible"] as const;
export type AiProviderName = (typeof AI_PROVIDERS)[number];

const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && !url.username && !url.password;
  } catch {
    return false;
  }
};

/** The server's address as the OpenAI SDK takes it (…/v1), without credentials in it. */
export const modelBaseUrlSchema = text()
  .max(500, "The address is longer than 500 characters")
  .refine(isHttpUrl, "Give the server's address, such as http://localhost:11434/v1 (no user name or password in it)");

export const modelNameSchema = text()
  .min(1, "Name the model, such as gpt-4o-mini or llama3.1")
  .max(200, "The model name is longer than 200 characters")
  .regex(/^[\w.:/@+-]+$/, "A model name has letters, digits and . : / @ + - _ only");

export const modelApiKeySchema = text().min(1, "Paste the key").max(500, "The key is longer than 500 characters").regex(/^[\x21-\x7e]+$/, "A key has no spaces or accented letters");

/**
 * A model configuration (the platform default or a workspace's own). `apiKey` absent keeps the stored key,
 * `clearApiKey` removes it (servers such as Ollama need none). A compatible server needs its address.
 */
const settingsFields = z.object({
  provider: z.enum(AI_PROVIDERS, "Choose OpenAI or an OpenAI-compatible server"),
  baseUrl: modelBaseUrlSchema.nullish(),
  model: modelNameSchema,
  apiKey: modelApiKeySchema.optional(),
  clearApiKey: z.boolean().optional(),
});
const hasAddress = (s: { provider: string; baseUrl?: string | null }) => s.provider === "openai" || !!s.baseUrl;
const addressMissing = () => ({ message: "Give the address of the OpenAI-compatible server", path: ["baseUrl"] });
export const aiModelSettingsSchema = settingsFields.refine(hasAddress, addressMissing());
export type AiModelSettingsInput = z.infer<typeof aiModelSettingsSchema>;

/**
 * The platform default is one row that several admins may edit: a save or a removal names the revision it was made
 * from (`none` before the first save), and one made from an older revision is refused instead of overwriting.
 */
export const platformRevisionSchema = text().min(1, "The revision is missing").max(40, "The revision is not one this page gave");
export const savePlatformAiModelSchema = settingsFields.extend({ revision: platformRevisionSchema }).refine(hasAddress, addressMissing());
export const clearPlatformAiModelSchema = z.object({ revision: platformRevisionSchema });
