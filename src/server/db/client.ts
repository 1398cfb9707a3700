import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { Prisma, PrismaClient } from "@/generated/prisma/client";
import { getEnv } from "@/env";
import { logger } from "@/server/logger";

/**
 * The unscoped client. It sees every workspace: use it only where no workspace applies (sign-in,
 * platform administration, webhook routing, scheduled maintenance). Inside a workspace, use `ctx.db`.
 * Every unscoped helper in this codebase is named `unsafe…`, so one grep lists the escape hatches.
 */
function createUnsafeDb() {
  const env = getEnv();
  // One pool for Prisma and for `unsafeQuery`: one connection budget.
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE });
  // A connection the server closes (restart, failover, admin shutdown) emits an error: on the pool while idle (the
  // pool drops it), on the connection itself while checked out between two queries (its next query fails). Without
  // a listener either would be thrown out of the process and stop it; each connection reports it once.
  pool.on("connect", (connection) =>
    connection.on("error", (err: Error) =>
      logger.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, "database connection lost"),
    ),
  );
  pool.on("error", () => {});
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return Object.assign(new PrismaClient({ adapter }), { [POOL]: pool });
}

// Symbol.for: the client outlives a dev hot reload of this module (globalThis below); its key must too.
const POOL = Symbol.for("loctelli.unsafeDb.pool");

// Prisma stores DateTime as `timestamp(3)` in UTC; pg would read and write it in the process's local zone.
const TIMESTAMP_OID = 1114;
const readUtcTimestamp = (text: string) => new Date(`${text.replace(" ", "T")}+00:00`);
const resultTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID ? readUtcTimestamp : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};
/** A Date parameter compared with a `timestamp` column: PostgreSQL ignores the "Z" and keeps the UTC wall time. */
const sqlValue = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

/**
 * Raw SQL straight on the pool, without Prisma's query layer (which costs about as much CPU as the round trip
 * on a one-row lookup): for the queries every request runs. Unscoped like `unsafeDb`; inside a workspace use
 * `ctx.db.$queryWorkspace`. `name` sends it as a named prepared statement, planned once per connection: only
 * for a fixed SQL text that selects named columns (PostgreSQL replans after a migration, but refuses a changed
 * result shape).
 */
export async function unsafeQuery<Row>(query: Prisma.Sql, opts: { name?: string } = {}): Promise<Row[]> {
  const result = await unsafeDb[POOL].query({
    name: opts.name,
    text: query.text,
    values: query.values.map(sqlValue),
    types: resultTypes,
  });
  return result.rows as Row[];
}

export interface UnsafeTransaction {
  query<Row>(query: Prisma.Sql): Promise<Row[]>;
  /** Runs a statement; resolves with the number of rows it changed. */
  execute(query: Prisma.Sql): Promise<number>;
}

/**
 * A transaction on one pooled connection, without Prisma's query layer: for bulk writes, where Prisma's handling of
 * large array parameters costs more CPU than PostgreSQL's work. Unscoped like `unsafeDb`. `asynchronousCommit`: the
 * commit returns before its WAL reaches disk; a PostgreSQL crash may then lose the last such transactions whole (never
 * part of one), so use it only where a lost transaction is redone, as a checkpointed import batch is.
 */
export async function unsafeTransaction<T>(
  fn: (tx: UnsafeTransaction) => Promise<T>,
  opts: { asynchronousCommit?: boolean; statementTimeoutMs?: number } = {},
): Promise<T> {
  const client = await unsafeDb[POOL].connect();
  let broken: Error | undefined;
  try {
    const settings = [
      ...(opts.asynchronousCommit ? ["SET LOCAL synchronous_commit = off"] : []),
      ...(opts.statementTimeoutMs ? [`SET LOCAL statement_timeout = ${Math.floor(opts.statementTimeoutMs)}`] : []),
    ];
    await client.query(["BEGIN", ...settings].join("; "));
    const run = (query: Prisma.Sql) => client.query({ text: query.text, values: query.values.map(sqlValue), types: resultTypes });
    const value = await fn({
      query: async <Row>(query: Prisma.Sql) => (await run(query)).rows as Row[],
      execute: async (query: Prisma.Sql) => (await run(query)).rowCount ?? 0,
    });
    await client.query("COMMIT");
    return value;
  } catch (e) {
    await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
    throw e;
  } finally {
    // A connection whose rollback failed is in an unknown state: the pool closes it instead of reusing it.
    client.release(broken);
  }
}

export type UnsafeDb = ReturnType<typeof createUnsafeDb>;

const globalForDb = globalThis as unknown as { loctelliUnsafeDb?: UnsafeDb };

export const unsafeDb: UnsafeDb = globalForDb.loctelliUnsafeDb ?? createUnsafeDb();
if (process.env.NODE_ENV !== "production") globalForDb.loctelliUnsafeDb = unsafeDb;

/** Closes the database pool (a process shutting down). */
export function disconnectDatabase(): Promise<void> {
  return unsafeDb.$disconnect();
}

export { Prisma } from "@/generated/prisma/client";
