import type { ListIncidentsInput } from "@/schemas/safety";
import type { WorkspaceContext } from "@/server/context";
import { decryptMessageContent } from "@/server/services/messages/message-content";
import { describeIncident, INCIDENT_TYPE_LABELS, redactExcerpt } from "./incident-view";

/**
 * The safety console's list: the workspace's security incidents, newest first (id cursor), open, resolved or all;
 * each with its type and severity, what happened in words, the lead (and whether its AI is paused) and a redacted
 * excerpt of the message that triggered it. The raw details never leave the server.
 */
export async function listIncidents(ctx: WorkspaceContext, input: ListIncidentsInput) {
  const rows = await ctx.db.securityIncident.findMany({
    where: {
      ...(input.status === "open" ? { resolvedAt: null } : input.status === "resolved" ? { resolvedAt: { not: null } } : {}),
      ...(input.cursor ? { id: { lt: input.cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: {
      id: true,
      type: true,
      severity: true,
      details: true,
      createdAt: true,
      resolvedAt: true,
      resolvedBy: true,
      lead: { select: { id: true, name: true, aiPaused: true, aiPausedReason: true } },
    },
  });
  const page = rows.slice(0, input.limit);
  const messageIds = page.flatMap((r) => {
    const id = (r.details as Record<string, unknown> | null)?.messageId;
    return typeof id === "string" && /^\d{1,19}$/.test(id) ? [BigInt(id)] : [];
  });
  const messages = messageIds.length
    ? await ctx.db.message.findMany({ where: { id: { in: messageIds } }, select: { id: true, subAccountId: true, leadId: true, content: true } })
    : [];
  const excerptOf = new Map(messages.map((m) => [m.id.toString(), redactExcerpt(decryptMessageContent(m))]));
  const [open, total] = await Promise.all([ctx.db.securityIncident.count({ where: { resolvedAt: null } }), ctx.db.securityIncident.count()]);
  return {
    counts: { open, total },
    items: page.map((r) => {
      const messageId = (r.details as Record<string, unknown> | null)?.messageId;
      return {
        id: r.id,
        type: r.type,
        typeLabel: INCIDENT_TYPE_LABELS[r.type] ?? "Security incident",
        severity: r.severity,
        summary: describeIncident(r.type, r.details),
        excerpt: typeof messageId === "string" ? (excerptOf.get(messageId) ?? null) : null,
        createdAt: r.createdAt,
        resolvedAt: r.resolvedAt,
        resolvedBy: r.resolvedBy,
        lead: r.lead ? { id: r.lead.id, name: r.lead.name, aiPaused: r.lead.aiPaused, pausedReason: r.lead.aiPausedReason } : null,
      };
    }),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
