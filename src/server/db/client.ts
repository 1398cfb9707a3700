import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { getEnv } from "@/env";

/**
 * The unscoped client. It sees every workspace: use it only where no workspace applies (sign-in,
 * platform administration, webhook routing, scheduled maintenance). Inside a workspace, use `ctx.db`.
 * Every unscoped helper in this codebase is named `unsafe…`, so one grep lists the escape hatches.
 */
function createUnsafeDb() {
  const env = getEnv();
  const adapter = new PrismaPg({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE });
  return new PrismaClient({ adapter });
}

export type UnsafeDb = ReturnType<typeof createUnsafeDb>;

const globalForDb = globalThis as unknown as { loctelliUnsafeDb?: UnsafeDb };

export const unsafeDb: UnsafeDb = globalForDb.loctelliUnsafeDb ?? createUnsafeDb();
if (process.env.NODE_ENV !== "production") globalForDb.loctelliUnsafeDb = unsafeDb;

export { Prisma } from "@/generated/prisma/client";
