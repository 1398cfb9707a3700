import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { appRouter } from "@/server/api/root";
import { AppError } from "@/server/errors";

type Formatter = (opts: { shape: { message: string; code: number; data: Record<string, unknown> }; error: TRPCError }) => {
  message: string;
  data: Record<string, unknown>;
};
const format = (appRouter as unknown as { _def: { _config: { errorFormatter: Formatter } } })._def._config.errorFormatter;
const shape = (message: string) => ({ message, code: -32600, data: { code: "BAD_REQUEST", httpStatus: 400, stack: "Error: at secret/place.ts:1" } });

describe("the error shape clients receive", () => {
  it("carries a service's field errors and details, never a stack", () => {
    const cause = AppError.field("email", "A lead with this email already exists: Ann (#7)", {
      duplicateOf: { type: "lead", id: 7, name: "Ann", field: "email" },
    });
    const out = format({ shape: shape(cause.message), error: new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause }) });
    expect(out.data).toMatchObject({
      zodError: { formErrors: [], fieldErrors: { email: ["A lead with this email already exists: Ann (#7)"] } },
      details: { duplicateOf: { id: 7, name: "Ann" } },
    });
    expect(out.data).not.toHaveProperty("stack");
  });

  it("flattens zod input errors per field", () => {
    const parsed = z.object({ name: z.string().min(2, "Too short") }).safeParse({ name: "a" });
    const error = new TRPCError({ code: "BAD_REQUEST", cause: parsed.error });
    const out = format({ shape: shape("x"), error });
    expect(out.message).toBe("Some fields are invalid.");
    expect(out.data.zodError).toEqual({ formErrors: [], fieldErrors: { name: ["Too short"] } });
    expect(out.data.details).toBeNull();
  });
});
