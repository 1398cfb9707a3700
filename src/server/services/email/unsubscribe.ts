import type { RequestContext } from "@/server/context";
import { tenantDb } from "@/server/db/tenant";
import { isForeignKeyViolation } from "@/server/db/errors";
import { AppError } from "@/server/errors";
import { readUnsubscribeToken } from "./email-channel";

const INVALID = () => AppError.field("token", "This unsubscribe link is not valid; use the link of a recent email.");

/** What the public unsubscribe page shows: whose emails, to which address (null for a link that is not ours). */
export async function describeUnsubscribe(token: string): Promise<{ workspaceName: string; email: string; alreadyUnsubscribed: boolean } | null> {
  const read = readUnsubscribeToken(token);
  if (!read) return null;
  const db = tenantDb(read.workspaceId);
  const [workspace, suppression] = await Promise.all([
    db.subAccount.findFirst({ select: { name: true } }),
    db.emailSuppression.findFirst({ where: { email: read.email }, select: { id: true } }),
  ]);
  return workspace ? { workspaceName: workspace.name, email: read.email, alreadyUnsubscribed: suppression !== null } : null;
}

/**
 * One-click unsubscribe (RFC 8058, from the List-Unsubscribe header or the public page): the signed token names the
 * workspace and the address, which is suppressed there (a bounce or spam complaint already recorded stays as it is).
 */
export async function unsubscribeEmail(ctx: RequestContext, input: { token: string }): Promise<{ unsubscribed: true }> {
  const read = readUnsubscribeToken(input.token);
  if (!read) throw INVALID();
  try {
    await tenantDb(read.workspaceId).emailSuppression.upsert({
      where: { subAccountId_email: { subAccountId: read.workspaceId, email: read.email } },
      create: { subAccountId: read.workspaceId, email: read.email, reason: "unsubscribed", detail: "One-click unsubscribe" },
      update: {},
      select: { id: true },
    });
  } catch (e) {
    // The workspace no longer exists: nothing of it will email anyone.
    if (!isForeignKeyViolation(e)) throw e;
  }
  ctx.log.info({ subAccountId: read.workspaceId }, "email address unsubscribed");
  return { unsubscribed: true };
}
