import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "@/generated/prisma/client";
import { getEnv } from "@/env";

/**
 * The unscoped client. It sees every workspace: use it only where no workspace applies (sign-in,
 * platform administration, webhook routing, scheduled maintenance). Inside a workspace, use `ctx.db`.
 * Every unscoped helper in this codebase is named `unsafe…`, so one grep lists the escape hatches.
 */
function createUnsafeDb() {
  const env = getEnv();
  const adapter = new PrismaPg(
    { connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE },
    // "" is PostgreSQL's unnamed statement: parsed and planned on every call, as without a generator.
    { statementNameGenerator: (query) => preparedStatements.get(query.sql) ?? "" },
  );
  return new PrismaClient({ adapter });
}

/** SQL text -> statement name, for the few raw queries registered with `preparedStatement`. */
const preparedStatements = new Map<string, string>();

/**
 * Marks a raw query that runs on (nearly) every request as a named prepared statement: each pooled connection
 * plans it once instead of on every call (planning the session lookup's joins costs more than running them).
 * Only for fixed SQL texts whose parameters are values: every distinct text is one statement per connection.
 * Select named columns, never `*`: PostgreSQL replans after a migration but refuses a changed result shape.
 * `build` is called once with placeholder arguments to learn the text; returns `build` unchanged.
 */
export function preparedStatement<Args extends unknown[]>(name: string, build: (...args: Args) => Prisma.Sql, ...sample: Args) {
  const text = build(...sample).text;
  const existing = [...preparedStatements].find(([t, n]) => n === name && t !== text);
  if (existing) throw new Error(`prepared statement ${name} is already registered with another text`);
  preparedStatements.set(text, name);
  return build;
}

export type UnsafeDb = ReturnType<typeof createUnsafeDb>;

const globalForDb = globalThis as unknown as { loctelliUnsafeDb?: UnsafeDb };

export const unsafeDb: UnsafeDb = globalForDb.loctelliUnsafeDb ?? createUnsafeDb();
if (process.env.NODE_ENV !== "production") globalForDb.loctelliUnsafeDb = unsafeDb;

export { Prisma } from "@/generated/prisma/client";
