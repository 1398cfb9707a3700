import { workspaceSettingsSchema } from "@/schemas/workspaces";

/** The workspace's declared zone (SubAccount.settings.timezone), UTC when none is set: exports and weekly counts use it. */
export function timeZoneFromSettings(settings: unknown): string {
  const parsed = workspaceSettingsSchema.safeParse(settings ?? {});
  return (parsed.success ? parsed.data.timezone : undefined) ?? "UTC";
}
