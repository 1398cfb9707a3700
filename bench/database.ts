import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** The server's maintenance database, from which each bench drops and creates its own. */
export const PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Drops a bench's database (closing whatever is still connected), creates it again and applies every migration;
 * resolves with the migrations applied. The app's migration module is loaded only here, after the bench has set the
 * environment.
 */
export async function recreateBenchDatabase(name: string): Promise<string[]> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const url = `postgresql://postgres@127.0.0.1:5432/${name}`;
  const { ensureDatabase, deployMigrations, defaultPaths } = await import("@/server/db/migrations");
  await ensureDatabase(url);
  return deployMigrations(url, defaultPaths(ROOT));
}
