"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { formatCalendarDay } from "@/lib/time";

export interface DayPoint {
  date: string;
  leads: number;
  bookings: number;
}

const label = (date: string) => formatCalendarDay(date, "short");

/** Leads and bookings per day as grouped bars, with the same numbers as a table for screen readers. */
export function ActivityChart({ series }: { series: readonly DayPoint[] }) {
  const data = series.map((point) => ({ ...point, label: label(point.date) }));
  return (
    <div className="grid gap-3">
      <div className="h-72 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} barGap={2}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
            <XAxis dataKey="label" tickLine={false} axisLine={false} fontSize={11} interval="preserveStartEnd" minTickGap={16} />
            <YAxis allowDecimals={false} tickLine={false} axisLine={false} fontSize={11} width={40} />
            <Tooltip cursor={{ fill: "var(--muted)" }} contentStyle={{ borderRadius: 8, fontSize: 12 }} />
            <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="leads" name="Leads" fill="var(--primary)" radius={[3, 3, 0, 0]} maxBarSize={14} />
            <Bar dataKey="bookings" name="Bookings" fill="var(--success)" radius={[3, 3, 0, 0]} maxBarSize={14} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-xs text-muted-foreground">Show as a table</summary>
        <table className="mt-2 w-full text-xs">
          <caption className="sr-only">Leads and bookings per day</caption>
          <thead>
            <tr className="text-left text-muted-foreground">
              <th scope="col" className="py-1 font-medium">Day</th>
              <th scope="col" className="py-1 text-right font-medium">Leads</th>
              <th scope="col" className="py-1 text-right font-medium">Bookings</th>
            </tr>
          </thead>
          <tbody>
            {data.map((point) => (
              <tr key={point.date} className="border-t">
                <th scope="row" className="py-1 text-left font-normal">{point.label}</th>
                <td className="py-1 text-right tabular-nums">{point.leads}</td>
                <td className="py-1 text-right tabular-nums">{point.bookings}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
