import { inboxSchema, setLeadAiSchema, startTestChatSchema, testChatMessageSchema, testTranscriptSchema } from "@/schemas/chat";
import { createTRPCRouter, workspaceProcedure } from "@/server/api/trpc";
import { sessionStillInWorkspace } from "@/server/auth/sessions";
import { conversationEvents } from "@/server/realtime/conversation-events";
import { listInbox } from "@/server/services/chat/list-inbox";
import { setLeadAi } from "@/server/services/chat/set-lead-ai";
import { sendTestChatMessage, startTestChat, testChatTranscript } from "@/server/services/chat/test-chat";

/** The chat module: the inbox of conversations, AI on/off per lead, and the test chat against a strategy. */
export const chatRouter = createTRPCRouter({
  inbox: workspaceProcedure.input(inboxSchema).query(({ ctx, input }) => listInbox(ctx, input)),
  setAi: workspaceProcedure.input(setLeadAiSchema).mutation(({ ctx, input }) => setLeadAi(ctx, input)),
  testStart: workspaceProcedure.input(startTestChatSchema).mutation(({ ctx, input }) => startTestChat(ctx, input)),
  testSend: workspaceProcedure.input(testChatMessageSchema).mutation(({ ctx, input }) => sendTestChatMessage(ctx, input)),
  /** Server-sent events: a lead's messages or AI state changed in the caller's workspace; ends once the session may no longer read it. */
  events: workspaceProcedure.subscription(({ ctx, signal }) =>
    conversationEvents(ctx, signal, { stillAllowed: () => sessionStillInWorkspace(ctx.sessionId, ctx.workspace.id) }),
  ),
  testTranscript: workspaceProcedure.input(testTranscriptSchema).query(({ ctx, input }) => testChatTranscript(ctx, input)),
});
