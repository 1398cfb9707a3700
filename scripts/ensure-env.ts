// Writes .env with fresh random secrets on a machine that has none, so a newcomer's first start works.
// Never overwrites a value that is already set. Secrets are generated here, never committed.
import fs from "node:fs";
import { randomBytes } from "node:crypto";

export function ensureLocalEnv(file = ".env") {
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const has = (k: string) => new RegExp(`^${k}=`, "m").test(existing) || Boolean(process.env[k]);
  const additions: string[] = [];
  if (!has("JWT_SECRET")) additions.push(`JWT_SECRET=${randomBytes(48).toString("base64url")}`);
  if (!has("JWT_REFRESH_SECRET")) additions.push(`JWT_REFRESH_SECRET=${randomBytes(48).toString("base64url")}`);
  if (!has("ENCRYPTION_KEY")) additions.push(`ENCRYPTION_KEY=${randomBytes(32).toString("base64")}`);
  if (additions.length) {
    fs.writeFileSync(file, `${existing}${existing && !existing.endsWith("\n") ? "\n" : ""}# generated locally by scripts/ensure-env.ts\n${additions.join("\n")}\n`, { mode: 0o600 });
    console.log(`Wrote ${additions.length} generated secret(s) to ${file}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureLocalEnv();
