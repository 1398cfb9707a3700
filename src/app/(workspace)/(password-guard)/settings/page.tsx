import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ProfileSection } from "@/features/settings/profile-form";
import { SettingsNav } from "@/features/settings/settings-nav";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Your personal details and sign-in." />
      <SettingsNav />
      <Card>
        <CardHeader>
          <CardTitle>Profile</CardTitle>
          <CardDescription>How you appear to your team, and the time zone you work in.</CardDescription>
        </CardHeader>
        <CardContent>
          <ProfileSection />
        </CardContent>
      </Card>
    </>
  );
}
