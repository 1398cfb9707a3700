import { TZDate } from "@date-fns/tz";
import { addDays, addMonths, format } from "date-fns";
import type { UsageSummaryInput } from "@/schemas/usage";
import type { WorkspaceContext } from "@/server/context";
import { Prisma } from "@/server/db/client";
import { monthOf } from "@/server/agents/token-usage";
import { LIMITED_CHANNELS, type LimitedChannel } from "./message-limits";

type ModelDay = { day: string; model: string; promptTokens: number; completionTokens: number; turns: number };
type ChannelDay = { day: string; channel: LimitedChannel; direction: "in" | "out"; count: number };
type DayCount = { day: string; count: number };

/** Estimated cost in US dollars, or null when the model has no price in the platform's table. */
function costOf(price: { inputPerMillion: number; outputPerMillion: number } | undefined, promptTokens: number, completionTokens: number): number | null {
  if (!price) return null;
  return (promptTokens * price.inputPerMillion + completionTokens * price.outputPerMillion) / 1_000_000;
}

const emptyChannels = () => ({ sms: { in: 0, out: 0 }, email: { in: 0, out: 0 }, web: { in: 0, out: 0 } });

/**
 * The usage page of a workspace for one month, days in the viewer's zone: model tokens in and out per model with an
 * estimated cost (the platform's price table), turns, messages per channel (received and sent), handoffs to a person,
 * meetings the AI booked; per day and in total. Also this month's budget and message limits (UTC calendar month, as
 * they are metered) with what is used.
 *
 * Tokens are stored per UTC hour, so a zone whose offset is not whole hours (India, Nepal) counts them to the hour.
 */
export async function getUsage(ctx: WorkspaceContext, input: UsageSummaryInput, now = new Date()) {
  const zone = input.timezone;
  const [year, month] = input.month.split("-").map(Number) as [number, number];
  const start = new TZDate(year, month - 1, 1, zone);
  const end = addMonths(start, 1);
  const from = new Date(start.getTime());
  const to = new Date(end.getTime());
  const dayOf = (column: Prisma.Sql) => Prisma.sql`to_char((${column} AT TIME ZONE 'UTC') AT TIME ZONE ${zone}, 'YYYY-MM-DD')`;
  const inRange = (column: Prisma.Sql) =>
    Prisma.sql`${column} >= (${from}::timestamptz AT TIME ZONE 'UTC') AND ${column} < (${to}::timestamptz AT TIME ZONE 'UTC')`;

  const [modelDays, channelDays, handoffDays, bookingDays, workspace, tokenMonth, messageMonth, prices] = await Promise.all([
    ctx.db.$queryWorkspace<ModelDay>((ws) => Prisma.sql`
      SELECT ${dayOf(Prisma.sql`hour`)} AS day, model, sum("promptTokens")::int AS "promptTokens",
             sum("completionTokens")::int AS "completionTokens", sum(turns)::int AS turns
        FROM "ModelUsageHourly"
       WHERE "subAccountId" = ${ws} AND ${inRange(Prisma.sql`hour`)}
       GROUP BY 1, 2`),
    ctx.db.$queryWorkspace<ChannelDay>((ws) => Prisma.sql`
      SELECT ${dayOf(Prisma.sql`"createdAt"`)} AS day, channel::text AS channel,
             CASE WHEN role = 'lead' THEN 'in' ELSE 'out' END AS direction, count(*)::int AS count
        FROM "Message"
       WHERE "subAccountId" = ${ws} AND ${inRange(Prisma.sql`"createdAt"`)}
         AND channel IN ('sms', 'email', 'web') AND role IN ('lead', 'assistant', 'human')
       GROUP BY 1, 2, 3`),
    ctx.db.$queryWorkspace<DayCount>((ws) => Prisma.sql`
      SELECT ${dayOf(Prisma.sql`"createdAt"`)} AS day, count(*)::int AS count
        FROM "AuditLog"
       WHERE "subAccountId" = ${ws} AND ${inRange(Prisma.sql`"createdAt"`)} AND action = 'ai.handoff'
       GROUP BY 1`),
    ctx.db.$queryWorkspace<DayCount>((ws) => Prisma.sql`
      SELECT ${dayOf(Prisma.sql`"createdAt"`)} AS day, count(*)::int AS count
        FROM "Booking"
       WHERE "subAccountId" = ${ws} AND ${inRange(Prisma.sql`"createdAt"`)} AND "bookedByAi"
       GROUP BY 1`),
    ctx.db.subAccount.findFirstOrThrow({
      select: { monthlyTokenBudget: true, monthlySmsLimit: true, monthlyEmailLimit: true, monthlyWebLimit: true },
    }),
    ctx.db.tokenUsage.findFirst({
      where: { month: monthOf(now) },
      select: { promptTokens: true, completionTokens: true, alert80SentAt: true, alert100SentAt: true },
    }),
    ctx.db.messageUsage.findMany({ where: { month: monthOf(now) }, select: { channel: true, sent: true } }),
    ctx.db.modelPrice.findMany({ select: { model: true, inputPerMillion: true, outputPerMillion: true } }),
  ]);

  const priceOf = new Map(prices.map((p) => [p.model, p]));
  const days = new Map<string, { promptTokens: number; completionTokens: number; cost: number; unpriced: boolean; turns: number; handoffs: number; aiBookings: number; messages: ReturnType<typeof emptyChannels> }>();
  const dayCount = Math.round((to.getTime() - from.getTime()) / 86_400_000);
  for (let i = 0; i < dayCount; i++) {
    const date = format(addDays(start, i), "yyyy-MM-dd");
    if (date >= format(end, "yyyy-MM-dd")) break;
    days.set(date, { promptTokens: 0, completionTokens: 0, cost: 0, unpriced: false, turns: 0, handoffs: 0, aiBookings: 0, messages: emptyChannels() });
  }
  const models = new Map<string, { model: string; promptTokens: number; completionTokens: number; turns: number; cost: number | null }>();
  for (const row of modelDays) {
    const cost = costOf(priceOf.get(row.model), row.promptTokens, row.completionTokens);
    const day = days.get(row.day);
    if (day) {
      day.promptTokens += row.promptTokens;
      day.completionTokens += row.completionTokens;
      day.turns += row.turns;
      if (cost === null) day.unpriced = true;
      else day.cost += cost;
    }
    const total = models.get(row.model) ?? { model: row.model, promptTokens: 0, completionTokens: 0, turns: 0, cost: priceOf.has(row.model) ? 0 : null };
    total.promptTokens += row.promptTokens;
    total.completionTokens += row.completionTokens;
    total.turns += row.turns;
    if (total.cost !== null && cost !== null) total.cost += cost;
    models.set(row.model, total);
  }
  for (const row of channelDays) {
    const day = days.get(row.day);
    if (day) day.messages[row.channel][row.direction] += row.count;
  }
  for (const row of handoffDays) {
    const day = days.get(row.day);
    if (day) day.handoffs += row.count;
  }
  for (const row of bookingDays) {
    const day = days.get(row.day);
    if (day) day.aiBookings += row.count;
  }

  const series = [...days.entries()].map(([date, d]) => ({ date, ...d, cost: d.turns === 0 ? 0 : d.unpriced && d.cost === 0 ? null : d.cost }));
  const sum = (pick: (d: (typeof series)[number]) => number) => series.reduce((n, d) => n + pick(d), 0);
  const messages = emptyChannels();
  for (const d of series) for (const channel of LIMITED_CHANNELS) {
    messages[channel].in += d.messages[channel].in;
    messages[channel].out += d.messages[channel].out;
  }
  const modelRows = [...models.values()].sort((a, b) => b.promptTokens + b.completionTokens - (a.promptTokens + a.completionTokens));
  const used = (tokenMonth?.promptTokens ?? 0) + (tokenMonth?.completionTokens ?? 0);
  const sentOf = new Map(messageMonth.map((m) => [m.channel, m.sent]));
  const limitOf: Record<LimitedChannel, number | null> = { sms: workspace.monthlySmsLimit, email: workspace.monthlyEmailLimit, web: workspace.monthlyWebLimit };

  return {
    month: input.month,
    timezone: zone,
    budget: {
      /** The current UTC calendar month, as the budget is metered. */
      month: monthOf(now).toISOString().slice(0, 7),
      monthlyTokenBudget: workspace.monthlyTokenBudget,
      used,
      percent: workspace.monthlyTokenBudget ? Math.floor((used * 100) / workspace.monthlyTokenBudget) : null,
      alert80SentAt: tokenMonth?.alert80SentAt ?? null,
      alert100SentAt: tokenMonth?.alert100SentAt ?? null,
    },
    limits: LIMITED_CHANNELS.map((channel) => ({ channel, limit: limitOf[channel], sent: sentOf.get(channel) ?? 0 })),
    models: modelRows,
    totals: {
      promptTokens: sum((d) => d.promptTokens),
      completionTokens: sum((d) => d.completionTokens),
      turns: sum((d) => d.turns),
      cost: modelRows.some((m) => m.cost === null) && modelRows.every((m) => m.cost === null) ? null : modelRows.reduce((n, m) => n + (m.cost ?? 0), 0),
      unpricedModels: modelRows.filter((m) => m.cost === null).map((m) => m.model),
      handoffs: sum((d) => d.handoffs),
      aiBookings: sum((d) => d.aiBookings),
      messages,
    },
    days: series,
  };
}
