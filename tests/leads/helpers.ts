import { TRPCError } from "@trpc/server";
import { z, ZodError } from "zod";
import { AppError } from "@/server/errors";
import { createUser, createWorkspace, signedInCaller } from "../support/factories";

/** The field errors a call was refused with, as the client would see them (service field errors or zod's). */
export async function fieldErrorsOf(call: Promise<unknown>): Promise<Record<string, string[] | undefined>> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a refusal, got ${error === null ? "success" : String(error)}`);
  if (error.cause instanceof AppError && error.cause.fieldErrors) return error.cause.fieldErrors;
  if (error.cause instanceof ZodError) return z.flattenError(error.cause).fieldErrors as Record<string, string[]>;
  throw new Error(`expected field errors, got ${error.code}: ${error.message}`);
}

export async function workspaceWithMember(role: "user" | "manager" | "admin" = "user", settings: object = {}) {
  const ws = await createWorkspace("Leads");
  if (Object.keys(settings).length) {
    const { unsafeDb } = await import("@/server/db/client");
    await unsafeDb.subAccount.update({ where: { id: ws.id }, data: { settings } });
  }
  const user = await createUser({ subAccountId: ws.id, role });
  const { caller } = await signedInCaller({ kind: "user", id: user.id });
  return { ws, user, caller };
}
