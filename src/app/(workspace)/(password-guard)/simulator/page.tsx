import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";

import { getEnv } from "@/env";
import { getCurrentAccount } from "@/server/auth/current";
import { PhoneSimulator } from "@/features/sms/phone-simulator";

export const metadata: Metadata = { title: "Phone simulator" };

/** Text the workspace's number as a lead would, on a machine without a Twilio account (PHONE_SIMULATOR, development). */
export default async function PhoneSimulatorPage() {
  if (!getEnv().phoneSimulator) notFound();
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  return (
    <div className="grid gap-4">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Phone simulator</h1>
        <p className="text-sm text-muted-foreground">Text your number as a lead would; replies arrive here and the conversation shows in the inbox.</p>
      </div>
      <PhoneSimulator timeZone={account.timezone ?? "UTC"} />
    </div>
  );
}
