/**
 * The one list of keys whose values are secrets: the logger redacts them (as pino paths) and the audit log
 * never stores them. Matching is by exact key, case-insensitive.
 */
export const SECRET_KEYS = [
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
  "authCode",
  "adminAuthCode",
] as const;

const SECRET_KEY_SET = new Set(SECRET_KEYS.map((k) => k.toLowerCase()));

export const isSecretKey = (key: string) => SECRET_KEY_SET.has(key.toLowerCase());

/** A copy of `value` with every secret-keyed entry, at any depth, replaced by "[redacted]". */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, isSecretKey(k) ? "[redacted]" : redactSecrets(v)]),
    );
  }
  return value;
}

const LOG_REDACT_DEPTH = 8;

/**
 * What the logger writes of an object: `value` itself when no secret key appears in it (the usual case, no copy),
 * otherwise a copy with every secret-keyed entry of its objects and arrays replaced by "[redacted]", to a depth of 8.
 */
export function redactForLog<T>(value: T): T {
  return redactPlain(value, 0) as T;
}

function redactPlain(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== "object" || depth > LOG_REDACT_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const redacted = redactPlain(value[i], depth + 1);
      if (redacted !== value[i]) (copy ??= value.slice())[i] = redacted;
    }
    return copy ?? value;
  }
  // Dates, buffers, decimals (toJSON), errors (their serializer's output is redacted), maps and sets are written as
  // they are; any other object as its own enumerable entries, which a copy keeps.
  if (typeof (value as { toJSON?: unknown }).toJSON === "function" || value instanceof Error || value instanceof Map || value instanceof Set) {
    return value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(record)) {
    const redacted = isSecretKey(key) ? "[redacted]" : redactPlain(record[key], depth + 1);
    if (redacted !== record[key]) (copy ??= { ...record })[key] = redacted;
  }
  return copy ?? value;
}
