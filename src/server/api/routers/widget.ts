import { widgetSettingsSchema } from "@/schemas/widget";
import { createTRPCRouter, workspaceProcedure } from "@/server/api/trpc";
import { getWidgetSettings, updateWidgetSettings } from "@/server/services/widget/manage-widget";

export const widgetRouter = createTRPCRouter({
  settings: workspaceProcedure.meta({ role: "admin" }).query(({ ctx }) => getWidgetSettings(ctx)),
  updateSettings: workspaceProcedure.meta({ role: "admin" }).input(widgetSettingsSchema).mutation(({ ctx, input }) => updateWidgetSettings(ctx, input)),
});
