import { workspaceSettingsSchema } from "@/schemas/workspaces";

export const DEFAULT_QUIET_HOURS = { enabled: true, start: "21:00", end: "08:00" } as const;

export interface SmsSettings {
  unknownSenders: "create_lead" | "ignore";
  newLeadStrategyId: number | null;
  helpText: string;
  quietHours: { enabled: boolean; start: string; end: string };
  /** The workspace's zone: quiet hours use it when the lead's own zone is unknown. */
  timezone: string;
}

/** A workspace's SMS rules with their defaults filled in (unreadable stored settings read as the defaults). */
export function smsSettingsOf(workspace: { name: string; settings: unknown }): SmsSettings {
  const parsed = workspaceSettingsSchema.safeParse(workspace.settings ?? {});
  const settings = parsed.success ? parsed.data : {};
  return {
    unknownSenders: settings.sms?.unknownSenders ?? "create_lead",
    newLeadStrategyId: settings.sms?.newLeadStrategyId ?? null,
    helpText: settings.sms?.helpText ?? `${workspace.name}: reply to this number to reach us. Reply STOP to stop messages.`,
    quietHours: settings.sms?.quietHours ?? { ...DEFAULT_QUIET_HOURS },
    timezone: settings.timezone ?? "UTC",
  };
}
