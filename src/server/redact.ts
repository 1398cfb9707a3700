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
