"use client";

import { Progress } from "radix-ui";

import { cn } from "@/lib/utils";

/**
 * An accessible progress bar (role="progressbar", aria-valuenow) with the percentage beside it: uploads, imports, jobs,
 * exports and evaluations. It fills its container; give the wrapper a width where it sits in a table cell.
 */
export function ProgressBar({ value, label, className }: { value: number; label: string; className?: string }) {
  const pct = Math.min(100, Math.max(0, Math.round(value)));
  return (
    <div className={cn("flex items-center gap-3", className)}>
      <Progress.Root
        value={pct}
        max={100}
        aria-label={label}
        getValueLabel={(v) => `${v}%`}
        className="relative h-2.5 w-full overflow-hidden rounded-full bg-muted"
      >
        <Progress.Indicator className="h-full bg-primary transition-[width] duration-500" style={{ width: `${pct}%` }} />
      </Progress.Root>
      <span className="w-10 text-right text-sm tabular-nums text-muted-foreground">{pct}%</span>
    </div>
  );
}
