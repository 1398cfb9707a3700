import type { Metadata } from "next";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { BookingSettingsSection } from "@/features/settings/booking-settings-form";

export const metadata: Metadata = { title: "Booking settings" };

export default function BookingSettingsPage() {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Booking settings</CardTitle>
        <CardDescription>How leads can book time with you: appointment length, buffers and notice.</CardDescription>
      </CardHeader>
      <CardContent>
        <BookingSettingsSection />
      </CardContent>
    </Card>
  );
}
