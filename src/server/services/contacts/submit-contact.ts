import type { PublicContactInput } from "@/schemas/contacts";
import { unsafeDb } from "@/server/db/client";
import { tenantDb } from "@/server/db/tenant";
import { emitContactCreated } from "@/server/events/emit";
import { transactionWithEvents } from "@/server/events/record-event";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/context";
import { normalizePhone, regionFromSettings } from "@/server/services/phone";

/**
 * Finds the workspace a public form addresses, by public key or slug. Unscoped by nature (there is no workspace
 * yet); returns only what the caller needs. Unknown and inactive workspaces look the same from outside.
 */
async function unsafeFindPublicWorkspace(input: { workspaceKey?: string; workspaceSlug?: string }) {
  const workspace = await unsafeDb.subAccount.findFirst({
    where: input.workspaceKey ? { publicKey: input.workspaceKey } : { slug: input.workspaceSlug },
    select: { id: true, isActive: true, settings: true },
  });
  return workspace?.isActive ? workspace : null;
}

/** Stores one public contact-form submission in the addressed workspace. */
export async function submitContact(ctx: RequestContext, input: PublicContactInput) {
  const workspace = await unsafeFindPublicWorkspace(input);
  if (!workspace) throw new AppError("NOT_FOUND", "No such workspace.");
  const phone = input.phone ? normalizePhone(input.phone, regionFromSettings(workspace.settings)) : null;
  const contact = await transactionWithEvents(tenantDb(workspace.id), async (tx) => {
    const created = await tx.contactSubmission.create({
      data: {
        subAccountId: workspace.id,
        name: input.name,
        email: input.email ?? null,
        phone,
        company: input.company ?? null,
        message: input.message ?? null,
        source: input.source ?? "contact_form",
        metadata: { ip: ctx.ip, userAgent: ctx.userAgent },
      },
      select: { id: true },
    });
    await emitContactCreated(tx, workspace.id, created.id);
    return created;
  });
  ctx.log.info({ subAccountId: workspace.id, contactId: contact.id }, "contact submission stored");
  return contact;
}
