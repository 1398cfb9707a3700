import pino from "pino";
import { getEnv } from "@/env";

/**
 * JSON logs. Anything that could hold a secret is redacted by key, wherever it sits in the object
 * (passwords, tokens, cookies, API keys, authorization headers, credentials).
 */
const SECRET_KEYS = [
  "password",
  "newPassword",
  "currentPassword",
  "passwordHash",
  "token",
  "accessToken",
  "refreshToken",
  "apiKey",
  "secret",
  "authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "credentials",
  "encryptedCredentials",
  "adminAuthCode",
];

export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*["${k}"]`, `*.*["${k}"]`]);

function createLogger() {
  const env = getEnv();
  return pino({
    level: env.NODE_ENV === "test" && !process.env.LOG_LEVEL ? "silent" : env.LOG_LEVEL,
    base: { service: process.env.LOCTELLI_PROCESS ?? "app" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    formatters: { level: (label) => ({ level: label }) },
  });
}

export type Logger = pino.Logger;

const globalForLogger = globalThis as unknown as { loctelliLogger?: Logger };
export const logger: Logger = globalForLogger.loctelliLogger ?? createLogger();
globalForLogger.loctelliLogger = logger;
