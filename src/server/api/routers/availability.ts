import {
  getScheduleSchema,
  listOverridesSchema,
  overrideIdSchema,
  setOverrideSchema,
  slotsSchema,
  updateScheduleSchema,
} from "@/schemas/bookings";
import { createTRPCRouter, workspaceProcedure } from "@/server/api/trpc";
import { findFreeSlots } from "@/server/services/availability/free-slots";
import { getSchedule, updateSchedule } from "@/server/services/availability/update-schedule";
import { listOverrides, removeOverride, setOverride } from "@/server/services/availability/manage-overrides";

// Reading someone else's schedule needs manager, changing it admin: checked in the services (own is always allowed).
export const availabilityRouter = createTRPCRouter({
  getSchedule: workspaceProcedure.input(getScheduleSchema).query(({ ctx, input }) => getSchedule(ctx, input)),
  updateSchedule: workspaceProcedure.input(updateScheduleSchema).mutation(({ ctx, input }) => updateSchedule(ctx, input)),
  overrides: createTRPCRouter({
    list: workspaceProcedure.input(listOverridesSchema).query(({ ctx, input }) => listOverrides(ctx, input)),
    set: workspaceProcedure.input(setOverrideSchema).mutation(({ ctx, input }) => setOverride(ctx, input)),
    remove: workspaceProcedure.input(overrideIdSchema).mutation(({ ctx, input }) => removeOverride(ctx, input)),
  }),
  slots: workspaceProcedure.input(slotsSchema).query(({ ctx, input }) => findFreeSlots(ctx, input)),
});
