import { addSmsNumberSchema, setTwilioCredentialsSchema, simulatorSendSchema, simulatorThreadSchema, smsNumberIdSchema, smsSettingsSchema, updateSmsNumberSchema } from "@/schemas/sms";
import { createTRPCRouter, workspaceProcedure } from "@/server/api/trpc";
import {
  addSmsNumber,
  checkSmsConnection,
  clearTwilioCredentials,
  getSmsSettings,
  listSmsNumbers,
  removeSmsNumber,
  setTwilioCredentials,
  updateSmsNumber,
  updateSmsSettings,
} from "@/server/services/sms/manage-sms";
import { simulatorSend, simulatorThread } from "@/server/services/sms/phone-simulator";

export const smsRouter = createTRPCRouter({
  settings: workspaceProcedure.meta({ role: "admin" }).query(({ ctx }) => getSmsSettings(ctx)),
  numbers: workspaceProcedure.query(({ ctx }) => listSmsNumbers(ctx)),
  setCredentials: workspaceProcedure.meta({ role: "admin" }).input(setTwilioCredentialsSchema).mutation(({ ctx, input }) => setTwilioCredentials(ctx, input)),
  // A mutation: it calls Twilio each time it is pressed (never cached, never retried by the client on focus).
  checkConnection: workspaceProcedure.meta({ role: "admin" }).mutation(({ ctx }) => checkSmsConnection(ctx)),
  clearCredentials: workspaceProcedure.meta({ role: "admin" }).mutation(({ ctx }) => clearTwilioCredentials(ctx)),
  addNumber: workspaceProcedure.meta({ role: "admin" }).input(addSmsNumberSchema).mutation(({ ctx, input }) => addSmsNumber(ctx, input)),
  updateNumber: workspaceProcedure.meta({ role: "admin" }).input(updateSmsNumberSchema).mutation(({ ctx, input }) => updateSmsNumber(ctx, input)),
  removeNumber: workspaceProcedure.meta({ role: "admin" }).input(smsNumberIdSchema).mutation(({ ctx, input }) => removeSmsNumber(ctx, input)),
  updateSettings: workspaceProcedure.meta({ role: "admin" }).input(smsSettingsSchema).mutation(({ ctx, input }) => updateSmsSettings(ctx, input)),
  simulatorSend: workspaceProcedure.input(simulatorSendSchema).mutation(({ ctx, input }) => simulatorSend(ctx, input)),
  simulatorThread: workspaceProcedure.input(simulatorThreadSchema).query(({ ctx, input }) => simulatorThread(ctx, input)),
});
