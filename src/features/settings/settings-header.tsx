import { PageHeader } from "@/components/page-header";
import { SettingsNav } from "./settings-nav";

/** The heading and sub-navigation every settings page shares. */
export function SettingsHeader({ workspaceAdmin }: { workspaceAdmin: boolean }) {
  return (
    <>
      <PageHeader title="Settings" description="Your account, your team and how this workspace works." />
      <SettingsNav workspaceAdmin={workspaceAdmin} />
    </>
  );
}
