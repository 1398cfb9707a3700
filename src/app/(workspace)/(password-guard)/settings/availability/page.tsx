import type { Metadata } from "next";

import { AvailabilitySettings } from "@/features/bookings/availability/availability-settings";

export const metadata: Metadata = { title: "Availability" };

export default function AvailabilityPage() {
  return <AvailabilitySettings />;
}
