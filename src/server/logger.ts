import pino from "pino";
import { getEnv } from "@/env";
import { redactForLog } from "@/server/redact";

/**
 * JSON logs. Anything that could hold a secret is redacted by key (redact.ts's SECRET_KEYS), wherever it sits in the
 * object (passwords, tokens, cookies, API keys, authorization headers, credentials): in what a line logs, in a child
 * logger's bindings and in a serialized error. Not with pino's `redact` paths: those cost ~0.25 ms for every child
 * logger (the worker makes one per job, the app one per request) and every line, even with no secret in sight.
 */

/** The process logger is built once below; tests build their own with a destination to read. */
export function createLogger(destination?: pino.DestinationStream, level?: pino.Level) {
  const env = getEnv();
  const options: pino.LoggerOptions = {
    level: level ?? (env.NODE_ENV === "test" && !process.env.LOG_LEVEL ? "silent" : env.LOG_LEVEL),
    base: { service: process.env.LOCTELLI_PROCESS ?? "app" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }), log: (object) => redactForLog(object) },
    serializers: { err: (err: Error) => redactForLog(pino.stdSerializers.err(err)) },
  };
  const root = destination ? pino(options, destination) : pino(options);
  // Children are created from their parent's prototype chain, so every descendant's child() passes through here.
  const child = root.child;
  root.child = function (this: pino.Logger, bindings, childOptions) {
    return child.call(this, redactForLog(bindings), childOptions);
  } as typeof root.child;
  return root;
}

export type Logger = pino.Logger;

const globalForLogger = globalThis as unknown as { loctelliLogger?: Logger };
export const logger: Logger = globalForLogger.loctelliLogger ?? createLogger();
globalForLogger.loctelliLogger = logger;
