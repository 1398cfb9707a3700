import type { ReactNode } from "react";
import { ArrowDownRightIcon, ArrowUpRightIcon, MinusIcon } from "lucide-react";

import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { cn } from "@/lib/utils";

/** One number with its label, and optionally its change against the previous period. */
export function StatCard({
  label,
  value,
  change,
  changeLabel = "vs last month",
  footnote,
}: {
  label: string;
  value: ReactNode;
  /** Percent; null when there is nothing to compare with. Omit for no comparison line. */
  change?: number | null;
  changeLabel?: string;
  footnote?: ReactNode;
}) {
  return (
    <Card>
      <CardHeader className="pb-2">
        <h2 className="text-sm font-medium text-muted-foreground">{label}</h2>
      </CardHeader>
      <CardContent className="grid gap-1">
        <p className="text-3xl font-semibold tracking-tight tabular-nums">{value}</p>
        {change !== undefined ? <Change percent={change} label={changeLabel} /> : null}
        {footnote ? <p className="text-xs text-muted-foreground">{footnote}</p> : null}
      </CardContent>
    </Card>
  );
}

function Change({ percent, label }: { percent: number | null; label: string }) {
  if (percent === null) return <p className="text-xs text-muted-foreground">No data last month to compare</p>;
  const Icon = percent > 0 ? ArrowUpRightIcon : percent < 0 ? ArrowDownRightIcon : MinusIcon;
  const sign = percent > 0 ? "+" : "";
  return (
    <p
      className={cn(
        "flex items-center gap-1 text-xs font-medium",
        percent > 0 ? "text-success" : percent < 0 ? "text-destructive" : "text-muted-foreground",
      )}
    >
      <Icon className="size-3.5" aria-hidden="true" />
      {sign}
      {percent}% <span className="font-normal text-muted-foreground">{label}</span>
    </p>
  );
}
