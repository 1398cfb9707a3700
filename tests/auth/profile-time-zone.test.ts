import { describe, expect, it } from "vitest";
import { loadSessionAccount } from "@/server/auth/sessions";
import { createAdmin, createUser, createWorkspace, signedInCaller } from "../support/factories";

// Every time on a person's screens is shown in their profile zone, which the signed-in layouts read from the session.
describe("the profile time zone", () => {
  it("is the platform admin's own, saved from the profile (it was always UTC)", async () => {
    const admin = await createAdmin();
    const { caller, session } = await signedInCaller({ kind: "admin", id: admin.id });
    expect(await caller.auth.me()).toMatchObject({ kind: "admin", timezone: "UTC" });

    expect(await caller.auth.updateProfile({ name: "Zoned Admin", timezone: "Asia/Tokyo" })).toMatchObject({ timezone: "Asia/Tokyo" });
    expect(await caller.auth.me()).toMatchObject({ name: "Zoned Admin", timezone: "Asia/Tokyo" });
    expect(await loadSessionAccount(session.sessionId)).toMatchObject({ kind: "admin", timezone: "Asia/Tokyo" });
    await expect(caller.auth.updateProfile({ name: "Zoned Admin", timezone: "Mars/Olympus" })).rejects.toThrow(/time zone/i);
    expect(await caller.auth.me()).toMatchObject({ timezone: "Asia/Tokyo" });
  });

  it("is the member's own, whatever the workspace's zone", async () => {
    const ws = await createWorkspace("Zones");
    const user = await createUser({ subAccountId: ws.id });
    const { caller, session } = await signedInCaller({ kind: "user", id: user.id });
    await caller.auth.updateProfile({ name: "Zoned Member", timezone: "America/New_York" });
    expect(await loadSessionAccount(session.sessionId)).toMatchObject({ kind: "user", timezone: "America/New_York" });
  });
});
