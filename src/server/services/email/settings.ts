import { workspaceSettingsSchema } from "@/schemas/workspaces";

export interface EmailRules {
  unknownSenders: "create_lead" | "ignore";
  newLeadStrategyId: number | null;
}

/** A workspace's email rules with their defaults filled in (unreadable stored settings read as the defaults). */
export function emailRulesOf(workspace: { settings: unknown }): EmailRules {
  const parsed = workspaceSettingsSchema.safeParse(workspace.settings ?? {});
  const settings = parsed.success ? parsed.data : {};
  return {
    unknownSenders: settings.email?.unknownSenders ?? "create_lead",
    newLeadStrategyId: settings.email?.newLeadStrategyId ?? null,
  };
}
