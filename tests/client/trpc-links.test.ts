import { createTRPCClient } from "@trpc/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AppRouter } from "@/server/api/root";
import { trpcLinks } from "@/trpc/links";

/**
 * The browser client's links, against the real tRPC route handler: a production build writes nothing to the
 * console (no call, no input, no result, no error), development logs every call.
 */
async function routeFetch(input: RequestInfo | URL, init?: RequestInit) {
  const { GET, POST } = await import("@/app/api/trpc/[trpc]/route");
  const req = new Request(input, init);
  return req.method === "POST" ? POST(req) : GET(req);
}

const client = (nodeEnv: string) =>
  createTRPCClient<AppRouter>({ links: trpcLinks({ nodeEnv, url: "http://localhost:8000/api/trpc", fetch: routeFetch as typeof fetch }) });

function spyConsole() {
  return (["log", "info", "debug", "warn", "error", "groupCollapsed", "group"] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => {}));
}

describe("tRPC client links", () => {
  afterEach(() => vi.restoreAllMocks());

  it("log nothing to the console in production, for a refused call either", async () => {
    const spies = spyConsole();
    await expect(client("production").auth.me.query()).rejects.toThrow(/sign in/i);
    await expect(client("production").auth.register.mutate({ email: "not-an-email" } as never)).rejects.toThrow();
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it("log each call in development", async () => {
    const spies = spyConsole();
    await expect(client("development").auth.me.query()).rejects.toThrow(/sign in/i);
    expect(spies.some((s) => s.mock.calls.length > 0)).toBe(true);
  });
});
