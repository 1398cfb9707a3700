import pino from "pino";
import { getEnv } from "@/env";
import { SECRET_KEYS } from "@/server/redact";

/**
 * JSON logs. Anything that could hold a secret is redacted by key, wherever it sits in the object
 * (passwords, tokens, cookies, API keys, authorization headers, credentials).
 */

export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*["${k}"]`, `*.*["${k}"]`]);

/** The process logger is built once below; tests build their own with a destination to read. */
export function createLogger(destination?: pino.DestinationStream, level?: pino.Level) {
  const env = getEnv();
  const options: pino.LoggerOptions = {
    level: level ?? (env.NODE_ENV === "test" && !process.env.LOG_LEVEL ? "silent" : env.LOG_LEVEL),
    base: { service: process.env.LOCTELLI_PROCESS ?? "app" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type Logger = pino.Logger;

const globalForLogger = globalThis as unknown as { loctelliLogger?: Logger };
export const logger: Logger = globalForLogger.loctelliLogger ?? createLogger();
globalForLogger.loctelliLogger = logger;
