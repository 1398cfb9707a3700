import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ReminderSettingsSection } from "@/features/bookings/reminder-settings";
import { BookingSettingsSection } from "@/features/settings/booking-settings-form";
import { isWorkspaceAdmin } from "@/lib/roles";
import { getCurrentAccount } from "@/server/auth/current";

export const metadata: Metadata = { title: "Booking settings" };

export default async function BookingSettingsPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Booking settings</CardTitle>
          <CardDescription>How leads can book time with you: appointment length, buffers and notice.</CardDescription>
        </CardHeader>
        <CardContent>
          <BookingSettingsSection />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Reminders</CardTitle>
          <CardDescription>For the whole workspace: when leads are reminded of their bookings.</CardDescription>
        </CardHeader>
        <CardContent>
          <ReminderSettingsSection canEdit={isWorkspaceAdmin(account)} />
        </CardContent>
      </Card>
    </div>
  );
}
