import { Redis } from "ioredis";
import { applyTestEnv, TEST_DATABASE_URL, TEST_REDIS_URL } from "./test-env";
import { deployMigrations, ensureDatabase, waitForDatabase } from "@/server/db/migrations";

/**
 * Once per run: the test database exists and is migrated, and holds the onboarding workspace (id 1) before any test
 * creates a workspace (else the first test workspace would get id 1 and its members would count as onboarding);
 * the test Redis index starts empty.
 */
export default async function setup() {
  applyTestEnv();
  await waitForDatabase(TEST_DATABASE_URL);
  await ensureDatabase(TEST_DATABASE_URL);
  await deployMigrations(TEST_DATABASE_URL);
  const { seedOnboardingWorkspace } = await import("../../prisma/seed");
  const { unsafeDb } = await import("@/server/db/client");
  await seedOnboardingWorkspace();
  await unsafeDb.$disconnect();
  const redis = new Redis(TEST_REDIS_URL);
  await redis.flushdb();
  await redis.quit();
}
