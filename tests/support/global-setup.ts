import { Redis } from "ioredis";
import { applyTestEnv, TEST_DATABASE_URL, TEST_REDIS_URL } from "./test-env";
import { deployMigrations, ensureDatabase, waitForDatabase } from "@/server/db/migrations";

/** Once per run: the test database exists and is migrated; the test Redis index starts empty. */
export default async function setup() {
  applyTestEnv();
  await waitForDatabase(TEST_DATABASE_URL);
  await ensureDatabase(TEST_DATABASE_URL);
  await deployMigrations(TEST_DATABASE_URL);
  const redis = new Redis(TEST_REDIS_URL);
  await redis.flushdb();
  await redis.quit();
}
