import { describe, expect, it } from "vitest";
import { unsafeDb } from "@/server/db/client";
import { isDatabaseUnavailable } from "@/server/db/errors";
import { DATABASE_UNAVAILABLE_MESSAGE, toAppError } from "@/server/errors";
import { createWorkspace } from "../support/factories";

describe("a transaction whose connection PostgreSQL terminates before COMMIT", () => {
  // Seen under a PostgreSQL shutdown: the COMMIT's failure reaches the caller as a bare DriverAdapterError (57P01),
  // not wrapped by Prisma, and was answered 500 instead of "unavailable".
  it("is the database being unavailable (503), and nothing of the transaction is kept", async () => {
    const ws = await createWorkspace("Terminated");
    const failure = await unsafeDb
      .$transaction(async (tx) => {
        await tx.lead.create({ data: { subAccountId: ws.id, name: "Never committed" } });
        const [row] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
        const pid = row!.pid;
        await unsafeDb.$queryRaw`SELECT pg_terminate_backend(${pid}::int)`;
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(failure, "the transaction failed").toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(failure), `classified as unavailable: ${(failure as Error).name} ${(failure as Error).message}`).toBe(true);
    expect(toAppError(failure)?.code).toBe("SERVICE_UNAVAILABLE");
    expect(toAppError(failure)?.message).toBe(DATABASE_UNAVAILABLE_MESSAGE);
    // The pool may hand out the terminated connection once more (answered "unavailable" too); the next one is fresh.
    const count = () => unsafeDb.lead.count({ where: { subAccountId: ws.id } });
    expect(await count().catch((e: unknown) => (isDatabaseUnavailable(e) ? count() : Promise.reject(e)))).toBe(0);
  });
});
