"use client";

import { PlusIcon, XIcon } from "lucide-react";

import type { TimeInterval } from "@/schemas/bookings";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/** The next interval a day gets: after its last one, else a working day. */
function nextInterval(intervals: TimeInterval[]): TimeInterval {
  const last = intervals.at(-1);
  if (!last) return ["09:00", "17:00"];
  const hour = Math.min(Number(last[1].slice(0, 2)) + 1, 22);
  return [`${String(hour).padStart(2, "0")}:00`, `${String(hour + 1).padStart(2, "0")}:00`];
}

/** One day's hours as start–end time boxes; `label` names the day for assistive technology. */
export function IntervalEditor({
  label,
  intervals,
  onChange,
  disabled,
}: {
  label: string;
  intervals: TimeInterval[];
  onChange: (intervals: TimeInterval[]) => void;
  disabled?: boolean;
}) {
  const setAt = (index: number, part: 0 | 1, value: string) =>
    onChange(intervals.map((interval, i) => (i === index ? (part === 0 ? [value, interval[1]] : [interval[0], value]) : interval)));

  return (
    <div className="grid gap-2">
      {intervals.map((interval, index) => (
        <div key={index} className="flex flex-wrap items-center gap-2">
          <Input
            type="time"
            step={300}
            value={interval[0]}
            onChange={(event) => setAt(index, 0, event.target.value)}
            aria-label={`${label}: start of hours ${index + 1}`}
            className="w-32"
            disabled={disabled}
          />
          <span className="text-sm text-muted-foreground" aria-hidden="true">
            to
          </span>
          <Input
            type="time"
            step={300}
            value={interval[1] === "24:00" ? "23:59" : interval[1]}
            onChange={(event) => setAt(index, 1, event.target.value)}
            aria-label={`${label}: end of hours ${index + 1}`}
            className="w-32"
            disabled={disabled}
          />
          <Button
            variant="ghost"
            size="icon"
            onClick={() => onChange(intervals.filter((_, i) => i !== index))}
            aria-label={`${label}: remove hours ${interval[0]}–${interval[1]}`}
            disabled={disabled}
          >
            <XIcon aria-hidden="true" />
          </Button>
        </div>
      ))}
      <div>
        <Button variant="ghost" size="sm" onClick={() => onChange([...intervals, nextInterval(intervals)])} disabled={disabled} aria-label={`${label}: add hours`}>
          <PlusIcon aria-hidden="true" />
          Add hours
        </Button>
      </div>
    </div>
  );
}
