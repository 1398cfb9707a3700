"use client";

import { useState } from "react";
import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { StatCard } from "@/features/crm/stat-card";
import { useViewer } from "@/features/crm/use-viewer";
import { dayKey, formatCalendarDay, zoneDisplayName } from "@/lib/time";
import { ChoiceSelect } from "./builder/choice-select";
import { BackToForms } from "./builder/form-builder";

const percent = (r: number | null) => (r === null ? "—" : `${Math.round(r * 1000) / 10}%`);
/** "1 min 5 s", "42 s": a duration as people say it. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

function daysAgo(zone: string, days: number): string {
  return dayKey(new Date(Date.now() - days * 86_400_000), zone);
}

/** A form's analytics: totals, a chart by day, the card and field drop-off, and tables by source and version. */
export function FormAnalytics({ formId }: { formId: number }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const zone = viewer.timeZone;
  const [range, setRange] = useState(() => ({ from: daysAgo(zone, 29), to: daysAgo(zone, 0) }));
  const [version, setVersion] = useState("all");
  const form = useQuery(trpc.forms.get.queryOptions({ id: formId }));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(range.from) && /^\d{4}-\d{2}-\d{2}$/.test(range.to) && range.from <= range.to;
  const analytics = useQuery(
    trpc.forms.analytics.queryOptions(
      { formId, from: range.from, to: range.to, timeZone: zone, version: version === "all" ? null : Number(version) },
      { enabled: valid, placeholderData: keepPreviousData },
    ),
  );
  const data = analytics.data;

  return (
    <div className="grid min-w-0 gap-4">
      <BackToForms />
      <PageHeader title={form.data ? `${form.data.name}: analytics` : "Analytics"} description={`Days in your time zone (${zoneDisplayName(zone)}).`} />
      <div className="flex flex-wrap items-end gap-3">
        <FormField id="analytics-from" label="From">
          <Input type="date" value={range.from} max={range.to} onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))} className="w-auto" />
        </FormField>
        <FormField id="analytics-to" label="To">
          <Input type="date" value={range.to} min={range.from} onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))} className="w-auto" />
        </FormField>
        <FormField id="analytics-version" label="Version">
          <ChoiceSelect
            value={version}
            onValueChange={setVersion}
            className="w-auto min-w-36"
            choices={[{ value: "all", label: "All versions" }, ...(form.data?.versions ?? []).map((v) => ({ value: String(v.version), label: `Version ${v.version}` }))]}
          />
        </FormField>
      </div>
      {analytics.isError ? <QueryError what="The analytics" error={analytics.error} /> : null}
      {!data ? (
        <Skeleton className="h-72 w-full" role="status" aria-label="Loading the analytics" />
      ) : (
        <>
          <div className="grid grid-cols-2 gap-3 lg:grid-cols-5 [&>*]:min-w-0">
            <StatCard label="Views" value={data.total.views} />
            <StatCard label="Starts" value={data.total.starts} />
            <StatCard label="Completions" value={data.total.completions} />
            <StatCard label="Completion rate" value={percent(data.total.completionRate)} footnote="Completions per start" />
            <StatCard
              label="Median time to complete"
              value={formatDuration(data.total.medianMs)}
              footnote={data.medianEstimated ? "Estimated from grouped times: within 15%" : undefined}
            />
          </div>
          <Card className="min-w-0">
            <CardHeader>
              <CardTitle className="text-base">By day</CardTitle>
            </CardHeader>
            <CardContent>
              <DayChart series={data.byDay} />
            </CardContent>
          </Card>
          <Card className="min-w-0">
            <CardHeader>
              <CardTitle className="text-base">{data.form.kind === "card" ? "Drop-off per card" : "Drop-off per field"}</CardTitle>
            </CardHeader>
            <CardContent className="overflow-x-auto">
              <table className="w-full min-w-[28rem] text-sm">
                <caption className="sr-only">Drop-off per field</caption>
                <thead>
                  <tr className="text-left text-xs text-muted-foreground">
                    <th scope="col" className="py-2 font-medium">{data.form.kind === "card" ? "Card" : "Field"}</th>
                    {data.form.kind === "card" ? (
                      <>
                        <th scope="col" className="py-2 text-right font-medium">Reached</th>
                        <th scope="col" className="py-2 text-right font-medium">Went on</th>
                        <th scope="col" className="py-2 text-right font-medium">Drop-off</th>
                      </>
                    ) : null}
                    <th scope="col" className="py-2 text-right font-medium">Unfinished, last answer here</th>
                  </tr>
                </thead>
                <tbody>
                  {data.fields.map((f) => (
                    <tr key={f.key} className="border-t">
                      <th scope="row" className="py-2 text-left font-normal">
                        {f.position}. {f.label}
                      </th>
                      {data.form.kind === "card" ? (
                        <>
                          <td className="py-2 text-right tabular-nums">{f.reached}</td>
                          <td className="py-2 text-right tabular-nums">{f.left}</td>
                          <td className="py-2 text-right tabular-nums">
                            {f.dropOff} <span className="text-muted-foreground">({percent(f.dropOffRate)})</span>
                          </td>
                        </>
                      ) : null}
                      <td className="py-2 text-right tabular-nums">{f.stoppedAfter}</td>
                    </tr>
                  ))}
                  <tr className="border-t text-muted-foreground">
                    <th scope="row" className="py-2 text-left font-normal" colSpan={data.form.kind === "card" ? 4 : 1}>
                      Started without answering anything
                    </th>
                    <td className="py-2 text-right tabular-nums">{data.stoppedBeforeAnswering}</td>
                  </tr>
                </tbody>
              </table>
            </CardContent>
          </Card>
          <div className="grid min-w-0 gap-4 lg:grid-cols-2">
            <BreakdownTable title="By source (utm_source)" rows={data.byUtmSource.map((r) => ({ key: r.utmSource ?? "", label: r.utmSource ?? "No source", ...r }))} />
            <BreakdownTable title="By version" rows={data.byVersion.map((r) => ({ key: String(r.version), label: r.version === null ? "Draft preview" : `Version ${r.version}`, ...r }))} />
          </div>
          {data.medianEstimated ? (
            <p className="text-xs text-muted-foreground">
              With this many submissions, median times are estimated from times grouped in 15% steps: each is within 15% of the exact median.
            </p>
          ) : null}
        </>
      )}
      {form.data ? (
        <p className="text-sm">
          <Link href={`/forms/${formId}/submissions`} className="text-primary underline-offset-4 hover:underline">
            Read the submissions
          </Link>
        </p>
      ) : null}
    </div>
  );
}

function DayChart({ series }: { series: readonly { day: string; views: number; starts: number; completions: number }[] }) {
  const data = series.map((p) => ({ ...p, label: formatCalendarDay(p.day, "short") }));
  return (
    <div className="grid gap-3">
      <div className="h-72 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
            <XAxis dataKey="label" tickLine={false} axisLine={false} fontSize={11} interval="preserveStartEnd" minTickGap={16} />
            <YAxis allowDecimals={false} tickLine={false} axisLine={false} fontSize={11} width={40} />
            <Tooltip contentStyle={{ borderRadius: 8, fontSize: 12 }} />
            <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} />
            <Line type="monotone" dataKey="views" name="Views" stroke="var(--muted-foreground)" dot={false} strokeWidth={2} />
            <Line type="monotone" dataKey="starts" name="Starts" stroke="var(--primary)" dot={false} strokeWidth={2} />
            <Line type="monotone" dataKey="completions" name="Completions" stroke="var(--success)" dot={false} strokeWidth={2} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-xs text-muted-foreground">Show as a table</summary>
        <table className="mt-2 w-full text-xs">
          <caption className="sr-only">Views, starts and completions per day</caption>
          <thead>
            <tr className="text-left text-muted-foreground">
              <th scope="col" className="py-1 font-medium">Day</th>
              <th scope="col" className="py-1 text-right font-medium">Views</th>
              <th scope="col" className="py-1 text-right font-medium">Starts</th>
              <th scope="col" className="py-1 text-right font-medium">Completions</th>
            </tr>
          </thead>
          <tbody>
            {data.map((p) => (
              <tr key={p.day} className="border-t">
                <th scope="row" className="py-1 text-left font-normal">{p.label}</th>
                <td className="py-1 text-right tabular-nums">{p.views}</td>
                <td className="py-1 text-right tabular-nums">{p.starts}</td>
                <td className="py-1 text-right tabular-nums">{p.completions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

function BreakdownTable({
  title,
  rows,
}: {
  title: string;
  rows: { key: string; label: string; views: number; starts: number; completions: number; completionRate: number | null; medianMs: number | null }[];
}) {
  return (
    <Card className="min-w-0">
      <CardHeader>
        <CardTitle className="text-base">{title}</CardTitle>
      </CardHeader>
      <CardContent className="overflow-x-auto">
        {rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">Nothing in these days.</p>
        ) : (
          <table className="w-full min-w-[26rem] text-sm">
            <thead>
              <tr className="text-left text-xs text-muted-foreground">
                <th scope="col" className="py-2 font-medium">{title.startsWith("By source") ? "Source" : "Version"}</th>
                <th scope="col" className="py-2 text-right font-medium">Views</th>
                <th scope="col" className="py-2 text-right font-medium">Starts</th>
                <th scope="col" className="py-2 text-right font-medium">Completions</th>
                <th scope="col" className="py-2 text-right font-medium">Rate</th>
                <th scope="col" className="py-2 text-right font-medium">Median time</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} className="border-t">
                  <th scope="row" className="max-w-40 truncate py-2 text-left font-normal">{r.label}</th>
                  <td className="py-2 text-right tabular-nums">{r.views}</td>
                  <td className="py-2 text-right tabular-nums">{r.starts}</td>
                  <td className="py-2 text-right tabular-nums">{r.completions}</td>
                  <td className="py-2 text-right tabular-nums">{percent(r.completionRate)}</td>
                  <td className="py-2 text-right tabular-nums">{formatDuration(r.medianMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </CardContent>
    </Card>
  );
}
