"use client";

import { useQuery } from "@tanstack/react-query";
import { ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import { useState } from "react";

import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { StatCard } from "@/features/crm/stat-card";
import { useViewerTime } from "@/features/crm/viewer-zone";
import type { RouterOutputs } from "@/lib/api-types";
import { dayKey, formatCalendarDay, formatMonth, zoneDisplayName } from "@/lib/time";
import { UsageChart } from "./usage-chart";

type Usage = RouterOutputs["usage"]["summary"];

const count = new Intl.NumberFormat("en-US");
const dollars = (n: number | null) =>
  n === null ? "—" : new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: n > 0 && n < 1 ? 4 : 2 }).format(n);
const CHANNEL_LABELS = { sms: "Text messages", email: "Emails", web: "Web chat" } as const;

/** "2026-03" moved by `delta` months. */
function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** "March 2026" for a month key (a calendar month: the same in every zone). */
function monthLabel(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return `${formatMonth(new Date(Date.UTC(y, m - 1, 15)), "UTC")} ${y}`;
}

/** The usage page: a month of AI and messaging activity in the viewer's zone, with the budget and limits. */
export function UsageOverview() {
  const { zone } = useViewerTime();
  const current = dayKey(new Date(), zone).slice(0, 7);
  const [month, setMonth] = useState(current);
  const trpc = useTRPC();
  const usage = useQuery(trpc.usage.summary.queryOptions({ month, timezone: zone }));

  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-2" role="group" aria-label="Month">
          <Button size="icon" variant="outline" aria-label="Previous month" onClick={() => setMonth(shiftMonth(month, -1))}>
            <ChevronLeftIcon aria-hidden="true" />
          </Button>
          <h2 className="min-w-36 text-center text-base font-semibold" aria-live="polite">
            {monthLabel(month)}
          </h2>
          <Button size="icon" variant="outline" aria-label="Next month" disabled={month >= current} onClick={() => setMonth(shiftMonth(month, 1))}>
            <ChevronRightIcon aria-hidden="true" />
          </Button>
        </div>
        <p className="text-xs text-muted-foreground">Days in {zoneDisplayName(zone)}</p>
      </div>
      {usage.isPending ? (
        <div className="grid gap-4">
          <Skeleton className="h-28 w-full" />
          <Skeleton className="h-64 w-full" />
        </div>
      ) : usage.isError ? (
        <QueryError what="Usage" error={usage.error} />
      ) : (
        <UsageBody data={usage.data} />
      )}
    </div>
  );
}

function UsageBody({ data }: { data: Usage }) {
  const t = data.totals;
  return (
    <>
      <BudgetCard data={data} />
      <section aria-label={`${monthLabel(data.month)} in numbers`} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <StatCard label="AI turns" value={count.format(t.turns)} footnote={`${count.format(t.promptTokens)} tokens in · ${count.format(t.completionTokens)} out`} />
        <StatCard
          label="Estimated cost"
          value={dollars(t.cost)}
          footnote={t.unpricedModels.length ? `Not priced: ${t.unpricedModels.join(", ")}` : "From the platform's price table"}
        />
        <StatCard label="Handed to a person" value={count.format(t.handoffs)} footnote="Conversations the AI handed over" />
        <StatCard label="Meetings the AI booked" value={count.format(t.aiBookings)} />
      </section>

      <Card>
        <CardHeader>
          <CardTitle className="text-base">Tokens per day</CardTitle>
          <CardDescription>What the AI model read (in) and wrote (out), per day in your time zone.</CardDescription>
        </CardHeader>
        <CardContent>
          <UsageChart series={data.days} />
        </CardContent>
      </Card>

      <section aria-label="Per model" className="grid gap-2">
        <h2 className="text-base font-semibold">Per model</h2>
        <Table>
          <TableCaption>Tokens and estimated cost per AI model</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Model</TableHead>
              <TableHead className="text-right">Turns</TableHead>
              <TableHead className="text-right">Tokens in</TableHead>
              <TableHead className="text-right">Tokens out</TableHead>
              <TableHead className="text-right">Estimated cost</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.models.length === 0 ? (
              <TableRow>
                <TableCell colSpan={5} className="text-center text-muted-foreground">
                  The AI answered nobody this month.
                </TableCell>
              </TableRow>
            ) : (
              data.models.map((m) => (
                <TableRow key={m.model}>
                  <TableCell className="font-medium">{m.model}</TableCell>
                  <TableCell className="text-right tabular-nums">{count.format(m.turns)}</TableCell>
                  <TableCell className="text-right tabular-nums">{count.format(m.promptTokens)}</TableCell>
                  <TableCell className="text-right tabular-nums">{count.format(m.completionTokens)}</TableCell>
                  <TableCell className="text-right tabular-nums">{m.cost === null ? "No price set" : dollars(m.cost)}</TableCell>
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </section>

      <section aria-label="Per day" className="grid gap-2">
        <h2 className="text-base font-semibold">Per day</h2>
        <Table>
          <TableCaption>Usage per day ({zoneDisplayName(data.timezone)})</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Day</TableHead>
              <TableHead className="text-right">Turns</TableHead>
              <TableHead className="text-right">Tokens in</TableHead>
              <TableHead className="text-right">Tokens out</TableHead>
              <TableHead className="text-right">Cost</TableHead>
              <TableHead className="text-right">Texts in / out</TableHead>
              <TableHead className="text-right">Emails in / out</TableHead>
              <TableHead className="text-right">Web chat in / out</TableHead>
              <TableHead className="text-right">Handoffs</TableHead>
              <TableHead className="text-right">AI bookings</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.days.map((d) => (
              <TableRow key={d.date}>
                <TableCell className="whitespace-nowrap">{formatCalendarDay(d.date, "short")}</TableCell>
                <TableCell className="text-right tabular-nums">{count.format(d.turns)}</TableCell>
                <TableCell className="text-right tabular-nums">{count.format(d.promptTokens)}</TableCell>
                <TableCell className="text-right tabular-nums">{count.format(d.completionTokens)}</TableCell>
                <TableCell className="text-right tabular-nums">{dollars(d.cost)}</TableCell>
                <TableCell className="text-right tabular-nums">{d.messages.sms.in} / {d.messages.sms.out}</TableCell>
                <TableCell className="text-right tabular-nums">{d.messages.email.in} / {d.messages.email.out}</TableCell>
                <TableCell className="text-right tabular-nums">{d.messages.web.in} / {d.messages.web.out}</TableCell>
                <TableCell className="text-right tabular-nums">{d.handoffs}</TableCell>
                <TableCell className="text-right tabular-nums">{d.aiBookings}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>
    </>
  );
}

/** This month's token budget and message limits (calendar months in UTC, as they are metered); set by platform admins. */
function BudgetCard({ data }: { data: Usage }) {
  const { dateTime } = useViewerTime();
  const b = data.budget;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Budget and limits for {monthLabel(b.month)}</CardTitle>
        <CardDescription>
          Months run on UTC, from the 1st. Platform admins set these; when one is used up the AI stops answering and sends on that channel are
          refused until the month ends.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 md:grid-cols-2">
        <div className="grid gap-2">
          <p className="text-sm font-medium">AI tokens</p>
          {b.monthlyTokenBudget === null ? (
            <p className="text-sm text-muted-foreground">{count.format(b.used)} used · no budget set (unlimited)</p>
          ) : (
            <>
              <ProgressBar value={b.percent ?? 0} label="Share of the token budget used" />
              <p className="text-sm text-muted-foreground">
                {count.format(b.used)} of {count.format(b.monthlyTokenBudget)} tokens used
              </p>
              {b.alert100SentAt ? (
                <p className="text-xs text-destructive">Used up; admins were emailed {dateTime(b.alert100SentAt)}.</p>
              ) : b.alert80SentAt ? (
                <p className="text-xs text-muted-foreground">80% reached; admins were emailed {dateTime(b.alert80SentAt)}.</p>
              ) : null}
            </>
          )}
        </div>
        <ul className="grid gap-2" aria-label="Message limits">
          {data.limits.map((l) => (
            <li key={l.channel} className="grid gap-1">
              <span className="text-sm font-medium">{CHANNEL_LABELS[l.channel]} sent</span>
              {l.limit === null ? (
                <span className="text-sm text-muted-foreground">{count.format(l.sent)} · no limit</span>
              ) : (
                <span className={l.sent >= l.limit ? "text-sm text-destructive" : "text-sm text-muted-foreground"}>
                  {count.format(l.sent)} of {count.format(l.limit)}
                  {l.sent >= l.limit ? " · limit reached, sends are refused" : ""}
                </span>
              )}
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
