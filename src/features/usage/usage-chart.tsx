"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { formatCalendarDay } from "@/lib/time";

export interface UsageDayPoint {
  date: string;
  promptTokens: number;
  completionTokens: number;
}

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/** Tokens in and out per day as stacked bars (the same numbers are in the day table below it). */
export function UsageChart({ series }: { series: readonly UsageDayPoint[] }) {
  const data = series.map((point) => ({ ...point, label: formatCalendarDay(point.date, "short") }));
  return (
    <div className="h-64 w-full" aria-hidden="true" data-testid="usage-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
          <XAxis dataKey="label" tickLine={false} axisLine={false} fontSize={11} interval="preserveStartEnd" minTickGap={16} />
          <YAxis tickFormatter={(v: number) => compact.format(v)} tickLine={false} axisLine={false} fontSize={11} width={44} />
          <Tooltip cursor={{ fill: "var(--muted)" }} contentStyle={{ borderRadius: 8, fontSize: 12 }} formatter={(v) => compact.format(Number(v))} />
          <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="promptTokens" name="Tokens in" stackId="tokens" fill="var(--primary)" maxBarSize={18} />
          <Bar dataKey="completionTokens" name="Tokens out" stackId="tokens" fill="var(--success)" radius={[3, 3, 0, 0]} maxBarSize={18} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
