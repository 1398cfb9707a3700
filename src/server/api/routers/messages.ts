import { attachmentDownloadSchema, listMessagesSchema, sendMessageSchema } from "@/schemas/messages";
import { createTRPCRouter, workspaceProcedure } from "@/server/api/trpc";
import { downloadAttachment } from "@/server/services/messages/download-attachment";
import { listMessages } from "@/server/services/messages/list-messages";
import { sendMessage } from "@/server/services/messages/send-message";

export const messagesRouter = createTRPCRouter({
  send: workspaceProcedure.input(sendMessageSchema).mutation(({ ctx, input }) => sendMessage(ctx, input)),
  list: workspaceProcedure.input(listMessagesSchema).query(({ ctx, input }) => listMessages(ctx, input)),
  attachmentDownload: workspaceProcedure.input(attachmentDownloadSchema).mutation(({ ctx, input }) => downloadAttachment(ctx, input)),
});
