import { bookingSettingsSchema, createUserSchema, listUsersSchema, setUserActiveSchema, updateUserRoleSchema, userIdSchema } from "@/schemas/users";
import { adminProcedure, createTRPCRouter, workspaceProcedure } from "@/server/api/trpc";
import { createUser, listUsers, removeUser, setUserActive, updateUserRole } from "@/server/services/users/manage-users";
import { getMyBookingSettings, updateMyBookingSettings } from "@/server/services/users/booking-settings";


export const usersRouter = createTRPCRouter({
  list: workspaceProcedure.input(listUsersSchema).query(({ ctx, input }) => listUsers(ctx, input)),
  create: adminProcedure.input(createUserSchema).mutation(({ ctx, input }) => createUser(ctx, input)),
  updateRole: adminProcedure.input(updateUserRoleSchema).mutation(({ ctx, input }) => updateUserRole(ctx, input)),
  setActive: adminProcedure.input(setUserActiveSchema).mutation(({ ctx, input }) => setUserActive(ctx, input)),
  remove: adminProcedure.input(userIdSchema).mutation(({ ctx, input }) => removeUser(ctx, input)),
  myBookingSettings: workspaceProcedure.query(({ ctx }) => getMyBookingSettings(ctx)),
  updateMyBookingSettings: workspaceProcedure.input(bookingSettingsSchema).mutation(({ ctx, input }) => updateMyBookingSettings(ctx, input)),
});
