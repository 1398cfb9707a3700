import { workspaceSettingsSchema } from "@/schemas/workspaces";

export interface WidgetSettings {
  allowedOrigins: string[];
  newLeadStrategyId: number | null;
}

/** A workspace's website chat settings with their defaults (unreadable stored settings read as the defaults). */
export function widgetSettingsOf(workspace: { settings: unknown }): WidgetSettings {
  const parsed = workspaceSettingsSchema.safeParse(workspace.settings ?? {});
  const settings = parsed.success ? parsed.data : {};
  return {
    allowedOrigins: settings.widget?.allowedOrigins ?? [],
    // A workspace that set a strategy for new SMS senders gets the same one for its site until it chooses another.
    newLeadStrategyId: settings.widget?.newLeadStrategyId !== undefined ? settings.widget.newLeadStrategyId : (settings.sms?.newLeadStrategyId ?? null),
  };
}
