import type { Metadata } from "next";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ProfileSection } from "@/features/settings/profile-form";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Profile</CardTitle>
        <CardDescription>How you appear to your team, and the time zone you work in.</CardDescription>
      </CardHeader>
      <CardContent>
        <ProfileSection />
      </CardContent>
    </Card>
  );
}
