import { describe, expect, it } from "vitest";
import { availableParallelism, loadavg } from "node:os";
import pg from "pg";

/**
 * The demo workspace's seed: conversations on SMS, email and web chat with AI replies, a booking made by a tool call,
 * a handoff and one incident, readable through the product's own procedures without any model; run twice, it changes
 * nothing. The seed creates platform-wide rows (the demo number, the "demo" slug, a super admin), so this file uses a
 * fresh database of its own.
 */
const { TEST_DATABASE_URL } = await import("../support/test-env");
const name = `${new URL(TEST_DATABASE_URL).pathname.slice(1)}_demo_seed`;
const OWN_DATABASE = TEST_DATABASE_URL.replace(/\/([^/?]+)(\?.*)?$/, `/${name}$2`);
const server = new pg.Client({ connectionString: TEST_DATABASE_URL });
await server.connect();
await server.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
await server.end();
Object.assign(process.env, { DATABASE_URL: OWN_DATABASE, DEMO_USER_PASSWORD: "Demo-Password-123", DEFAULT_ADMIN_PASSWORD: "Admin-Password-123" });
const { deployMigrations, ensureDatabase } = await import("@/server/db/migrations");
await ensureDatabase(OWN_DATABASE);
await deployMigrations(OWN_DATABASE);
const { resetEnvCache } = await import("@/env");
resetEnvCache();
const { unsafeDb } = await import("@/server/db/client");
const { seed } = await import("../../prisma/seed");
const { signedInCaller } = await import("../support/factories");

async function counts() {
  const [messages, leads, bookings, incidents, usage, versions] = await Promise.all([
    unsafeDb.message.count(),
    unsafeDb.lead.count(),
    unsafeDb.booking.count(),
    unsafeDb.securityIncident.count(),
    unsafeDb.tokenUsage.findMany({ select: { promptTokens: true, completionTokens: true } }),
    unsafeDb.strategyVersion.count(),
  ]);
  return { messages, leads, bookings, incidents, usage, versions };
}

describe("demo seed", () => {
  it("fills the inbox, the lead pages and the usage numbers without a model, and a second run changes nothing", async () => {
    const started = performance.now();
    await seed();
    const firstMs = performance.now() - started;
    const after = await counts();
    const again = performance.now();
    await seed();
    const secondMs = performance.now() - again;
    expect(await counts()).toEqual(after);
    console.log(
      `demo seed: first run ${Math.round(firstMs)} ms (three bcrypt hashes included), second run ${Math.round(secondMs)} ms; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${availableParallelism()} cores`,
    );

    const demo = await unsafeDb.user.findUniqueOrThrow({ where: { email: "demo@loctelli.local" } });
    const { caller } = await signedInCaller({ kind: "user", id: demo.id });
    const inbox = await caller.chat.inbox({ limit: 25 });
    expect(inbox.items.map((i) => [i.lead.name, i.lastMessage?.channel, i.ai.enabled, i.waitingForPerson])).toEqual([
      ["Hannah Cole", "sms", true, 1],
      ["Carla Mendes", "web", false, 1],
      ["Victor Hale", "web", true, 0],
      ["Owen Brooks", "email", true, 0],
      ["Nina Shah", "sms", true, 0],
    ]);
    expect(inbox.items.every((i) => i.lastMessage?.preview)).toBe(true);

    const nina = inbox.items.find((i) => i.lead.name === "Nina Shah")!.lead;
    const thread = await caller.messages.list({ leadId: nina.id });
    const booked = thread.items.find((m) => m.toolCalls.some((c) => c.name === "book_meeting"))!;
    expect(booked.role).toBe("assistant");
    expect(booked.toolCalls.map((c) => [c.name, c.ok])).toEqual([
      ["check_availability", true],
      ["book_meeting", true],
    ]);
    const bookings = await caller.bookings.list({});
    expect(bookings.items.some((b) => b.lead?.id === nina.id && b.status === "confirmed")).toBe(true);

    const carla = inbox.items.find((i) => i.lead.name === "Carla Mendes")!;
    expect(carla.ai.pausedReason).toMatch(/^Handed to a person: /);
    expect(after.incidents).toBe(1);
    expect(after.usage).toHaveLength(1);
    expect(after.usage[0]!.promptTokens).toBeGreaterThan(0);
    expect(after.usage[0]!.completionTokens).toBeGreaterThan(0);
    // Two versions of the demo strategy, so comparing and restoring have something to show.
    expect(after.versions).toBe(2);
    // The second run only looks (no hash, no write).
    expect(secondMs).toBeLessThan(firstMs);
  });
});
