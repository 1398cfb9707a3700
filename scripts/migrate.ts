// The project's migrate command (offline; see src/server/db/migrations.ts):
//   npm run db:migrate -- create <name>   write prisma/migrations/<timestamp>_<name>/migration.sql from the schema
//   npm run db:migrate -- deploy          apply pending migrations (creates the database if missing)
//   npm run db:migrate -- status | diff
import "dotenv/config";
import { getEnv } from "@/env";
import {
  createMigration,
  deployMigrations,
  diffMigrations,
  ensureDatabase,
  migrationStatus,
  waitForDatabase,
} from "@/server/db/migrations";

const [command = "deploy", ...rest] = process.argv.slice(2);
const url = getEnv().DATABASE_URL;

try {
  await waitForDatabase(url, 30_000, (m) => console.error(m));
  await ensureDatabase(url);
  if (command === "create") {
    const dir = await createMigration(url, rest.find((a) => !a.startsWith("--")) ?? "migration");
    console.log(dir ? `Created ${dir}/migration.sql` : "No schema changes: no migration created.");
  } else if (command === "deploy") {
    const applied = await deployMigrations(url);
    console.log(applied.length ? `Applied: ${applied.join(", ")}` : "No pending migrations.");
  } else if (command === "status") {
    const status = await migrationStatus(url);
    console.log(JSON.stringify(status, null, 2));
    if (status.history || status.failedMigrationNames?.length || status.editedMigrationNames?.length) process.exitCode = 1;
  } else if (command === "diff") {
    const { changed, sql } = await diffMigrations(url);
    process.stdout.write(sql);
    process.exitCode = changed ? 2 : 0;
  } else {
    console.error("usage: npm run db:migrate -- create <name> | deploy | status | diff");
    process.exitCode = 64;
  }
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
