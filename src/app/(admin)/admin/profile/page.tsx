import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { Card, CardContent } from "@/components/ui/card";
import { ProfileSection } from "@/features/settings/profile-form";

export const metadata: Metadata = { title: "Profile · Admin" };

export default function AdminProfilePage() {
  return (
    <>
      <PageHeader title="Profile" description="Your name, and the time zone every time in the console is shown in." />
      <Card>
        <CardContent className="pt-6">
          <ProfileSection />
        </CardContent>
      </Card>
    </>
  );
}
