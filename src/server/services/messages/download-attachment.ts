import type { z } from "zod";
import type { attachmentDownloadSchema } from "@/schemas/messages";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { getStorage } from "@/server/integrations/storage";
import { assertKeyInWorkspace, presignWorkspaceDownload } from "@/server/integrations/storage/workspace-files";
import { emailMediaOf } from "./list-messages";

/** Short: the link is opened at once by the person who asked for it, and is a bearer credential until it expires. */
export const ATTACHMENT_URL_SECONDS = 60;

/**
 * A download link for one attachment of a message of the caller's workspace (an inbound email's files, stored under
 * the workspace's `attachments` prefix): the message is read through the workspace-scoped client, so another
 * workspace's message id is "not found", and the key is checked to lie in this workspace's attachments.
 */
export async function downloadAttachment(ctx: WorkspaceContext, input: z.output<typeof attachmentDownloadSchema>) {
  const message = await ctx.db.message.findFirst({ where: { id: BigInt(input.messageId) }, select: { media: true } });
  if (!message) throw new AppError("NOT_FOUND", "No such message in this workspace.");
  const attachment = emailMediaOf(message.media).attachments[input.index];
  if (!attachment) throw AppError.field("index", "This message has no such attachment.");
  assertKeyInWorkspace(attachment.key, ctx.workspace.id, "attachments");
  const url = await presignWorkspaceDownload(getStorage(), ctx.workspace.id, attachment.key, { downloadName: attachment.name, expiresInSeconds: ATTACHMENT_URL_SECONDS });
  return { url, name: attachment.name, expiresInSeconds: ATTACHMENT_URL_SECONDS };
}
