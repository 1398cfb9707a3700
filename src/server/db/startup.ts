import { getEnv } from "@/env";
import { deployMigrations, ensureDatabase, waitForDatabase } from "@/server/db/migrations";

export interface PrepareDatabaseOptions {
  log?: (message: string) => void;
}

export interface PrepareDatabaseResult {
  migrationsSkipped: boolean;
  applied: string[];
}

/**
 * Run at process start (app and worker): wait up to 30 s for PostgreSQL, then create the database if it
 * is missing and apply pending migrations. RUN_MIGRATIONS_ON_START=false leaves the schema alone.
 * deployMigrations holds an advisory lock, so the app and the worker starting together is safe.
 */
export async function prepareDatabase({ log = () => {} }: PrepareDatabaseOptions = {}): Promise<PrepareDatabaseResult> {
  const env = getEnv();
  const url = env.DATABASE_URL;
  await waitForDatabase(url, 30_000, log);
  if (!env.RUN_MIGRATIONS_ON_START) {
    log("migrations skipped (RUN_MIGRATIONS_ON_START=false)");
    return { migrationsSkipped: true, applied: [] };
  }
  try {
    await ensureDatabase(url);
  } catch (e) {
    // Managed databases often deny access to the "postgres" maintenance database; the target database
    // exists there anyway, and deployMigrations below fails clearly if it does not.
    log(`could not check for a missing database (continuing): ${(e as Error).message}`);
  }
  const applied = await deployMigrations(url);
  log(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");
  return { migrationsSkipped: false, applied };
}
