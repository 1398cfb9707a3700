"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CircleCheckIcon, Trash2Icon } from "lucide-react";

import { setOverrideSchema, WEEKDAYS, weeklyHoursSchema, type TimeInterval, type Weekday, type WeeklyHours } from "@/schemas/bookings";
import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import type { RouterOutputs } from "@/lib/api-types";
import { dayKey, formatCalendarDay } from "@/lib/time";
import { MemberSelect } from "@/features/crm/member-select";
import { useViewer } from "@/features/crm/use-viewer";
import { useViewerZone } from "@/features/crm/viewer-zone";
import { TimeZoneSelect } from "@/features/settings/time-zone-select";
import { IntervalEditor } from "./interval-editor";

const DAY_NAMES: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

type Schedule = RouterOutputs["availability"]["getSchedule"];

/** Weekly hours and date overrides: your own, or (for managers and admins) a chosen member's. */
export function AvailabilitySettings() {
  const trpc = useTRPC();
  const viewer = useViewer();
  const [chosenId, setChosenId] = useState<number | null>(null);
  const userId = chosenId ?? viewer.memberId ?? undefined;
  const schedule = useQuery({ ...trpc.availability.getSchedule.queryOptions({ userId }), enabled: !viewer.isPending });

  return (
    <div className="grid gap-6">
      {viewer.isManager ? (
        <div className="grid w-64 gap-2">
          <Label htmlFor="availability-member">Whose availability</Label>
          <MemberSelect
            id="availability-member"
            value={userId ? String(userId) : ""}
            onValueChange={(next) => setChosenId(Number(next))}
          />
        </div>
      ) : null}
      {viewer.isPending || schedule.isPending ? (
        <Skeleton className="h-96 w-full" role="status" aria-label="Loading availability" />
      ) : schedule.isError ? (
        <QueryError what="The availability" error={schedule.error} />
      ) : (
        <>
          <WeeklyHoursCard key={schedule.data.userId} schedule={schedule.data} />
          <OverridesCard userId={schedule.data.userId} />
        </>
      )}
    </div>
  );
}

function WeeklyHoursCard({ schedule }: { schedule: Schedule }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.availability.updateSchedule.mutationOptions());
  const [timezone, setTimezone] = useState(schedule.timezone);
  const [week, setWeek] = useState<WeeklyHours>(schedule.weeklyHours);
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);

  const setDay = (day: Weekday, intervals: TimeInterval[]) => {
    setSaved(false);
    setWeek((current) => ({ ...current, [day]: intervals }));
  };

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setSaved(false);
    const parsed = weeklyHoursSchema.safeParse(week);
    if (!parsed.success) {
      setErrors(parsed.error.issues.map((issue) => issue.message));
      return;
    }
    setErrors([]);
    try {
      await update.mutateAsync({ userId: schedule.userId, timezone, weeklyHours: week });
    } catch (error) {
      const zodError = (error as { data?: { zodError?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> } } }).data?.zodError;
      const messages = [...(zodError?.formErrors ?? []), ...Object.values(zodError?.fieldErrors ?? {}).flat()];
      setErrors(messages.length ? messages : [(error as Error).message]);
      return;
    }
    setSaved(true);
    await queryClient.invalidateQueries({ queryKey: trpc.availability.pathKey() });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Weekly hours</CardTitle>
        <CardDescription>
          When leads can book time{schedule.isDefault ? ". Not saved yet: these are the default hours" : ""}. A day without hours is a day off.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={(event) => void save(event)} className="grid gap-5" noValidate>
          <FormField id="availability-timezone" label="Time zone of these hours" className="max-w-sm">
            <TimeZoneSelect value={timezone} onValueChange={(zone) => {
                setSaved(false);
                setTimezone(zone);
              }} />
          </FormField>
          <ul className="grid gap-3" aria-label="Weekly hours">
            {WEEKDAYS.map((day) => {
              const working = week[day].length > 0;
              return (
                <li key={day} className="grid gap-3 border-b pb-3 last:border-0 sm:grid-cols-[10rem_1fr]">
                  <div className="flex h-9 items-center gap-2">
                    <Checkbox
                      id={`availability-${day}`}
                      checked={working}
                      onCheckedChange={(checked) => setDay(day, checked === true ? [["09:00", "17:00"]] : [])}
                    />
                    <Label htmlFor={`availability-${day}`}>{DAY_NAMES[day]}</Label>
                  </div>
                  {working ? (
                    <IntervalEditor label={DAY_NAMES[day]} intervals={week[day]} onChange={(intervals) => setDay(day, intervals)} />
                  ) : (
                    <p className="flex h-9 items-center text-sm text-muted-foreground">Day off</p>
                  )}
                </li>
              );
            })}
          </ul>
          {errors.length ? <FormError message={errors.join(" ")} /> : null}
          {saved ? (
            <Alert variant="success">
              <CircleCheckIcon aria-hidden="true" />
              <AlertDescription>The weekly hours were saved.</AlertDescription>
            </Alert>
          ) : null}
          <div>
            <SubmitButton pending={update.isPending}>Save weekly hours</SubmitButton>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}

function OverridesCard({ userId }: { userId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const zone = useViewerZone();
  // Today on the viewer's calendar (their profile zone), not the browser's.
  const [from] = useState(() => dayKey(new Date(), zone));
  const overrides = useQuery(trpc.availability.overrides.list.queryOptions({ userId, from, limit: 100 }));
  const set = useMutation(trpc.availability.overrides.set.mutationOptions());
  const remove = useMutation(trpc.availability.overrides.remove.mutationOptions());
  const [date, setDate] = useState("");
  const [dayOff, setDayOff] = useState(true);
  const [intervals, setIntervals] = useState<TimeInterval[]>([["10:00", "14:00"]]);
  const [fieldErrors, setFieldErrors] = useState<{ date?: string; intervals?: string; form?: string }>({});
  const [actionError, setActionError] = useState<string>();

  async function refresh() {
    await queryClient.invalidateQueries({ queryKey: trpc.availability.pathKey() });
  }

  async function add(event: React.FormEvent) {
    event.preventDefault();
    const input = { userId, date, isDayOff: dayOff, intervals: dayOff ? [] : intervals };
    const parsed = setOverrideSchema.safeParse(input);
    if (!parsed.success) {
      const flat = parsed.error.flatten();
      setFieldErrors({
        date: flat.fieldErrors.date?.[0],
        intervals: flat.fieldErrors.intervals?.join(" "),
        form: flat.formErrors.join(" ") || undefined,
      });
      return;
    }
    setFieldErrors({});
    try {
      await set.mutateAsync(parsed.data);
    } catch (error) {
      const zodError = (error as { data?: { zodError?: { fieldErrors?: Record<string, string[]> } } }).data?.zodError;
      setFieldErrors({
        date: zodError?.fieldErrors?.date?.[0],
        intervals: zodError?.fieldErrors?.intervals?.join(" "),
        form: zodError ? undefined : (error as Error).message,
      });
      return;
    }
    setDate("");
    await refresh();
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Date overrides</CardTitle>
        <CardDescription>A day off or special hours on one date replace the weekly hours of that date.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        <form onSubmit={(event) => void add(event)} noValidate aria-label="Add a date override" className="grid gap-4 rounded-lg border p-4">
          <div className="flex flex-wrap items-end gap-4">
            <FormField id="override-date" label="Date" error={fieldErrors.date} className="w-44">
              <Input type="date" min={from} value={date} onChange={(event) => setDate(event.target.value)} />
            </FormField>
            <fieldset className="flex h-9 items-center gap-4">
              <legend className="sr-only">Kind of override</legend>
              {[
                { value: true, label: "Day off" },
                { value: false, label: "Special hours" },
              ].map((option) => (
                <label key={option.label} className="flex items-center gap-2 text-sm">
                  <input
                    type="radio"
                    name="override-kind"
                    checked={dayOff === option.value}
                    onChange={() => setDayOff(option.value)}
                    className="size-4 accent-primary"
                  />
                  {option.label}
                </label>
              ))}
            </fieldset>
          </div>
          {dayOff ? null : (
            <div className="grid gap-1">
              <IntervalEditor label="Special hours" intervals={intervals} onChange={setIntervals} />
              {fieldErrors.intervals ? <p className="text-xs font-medium text-destructive">{fieldErrors.intervals}</p> : null}
            </div>
          )}
          <FormError message={fieldErrors.form} />
          <div>
            <SubmitButton pending={set.isPending} variant="secondary">
              Save override
            </SubmitButton>
          </div>
        </form>

        <FormError message={actionError} />
        {overrides.isPending ? (
          <Skeleton className="h-16 w-full" />
        ) : overrides.isError ? (
          <QueryError what="The overrides" error={overrides.error} />
        ) : overrides.data.items.length === 0 ? (
          <p className="text-sm text-muted-foreground">No upcoming overrides.</p>
        ) : (
          <ul className="grid gap-2" aria-label="Upcoming overrides">
            {overrides.data.items.map((override) => (
              <li key={override.id} className="flex items-center justify-between gap-3 rounded-lg border px-3 py-2 text-sm">
                <span>
                  <span className="font-medium">
                    {formatCalendarDay(override.date)}
                  </span>
                  <span className="ml-2 text-muted-foreground">
                    {override.isDayOff ? "Day off" : override.intervals.map(([start, end]) => `${start}–${end}`).join(", ")}
                  </span>
                </span>
                <Button
                  variant="ghost"
                  size="icon"
                  className="text-destructive hover:bg-destructive/10 hover:text-destructive"
                  aria-label={`Remove the override of ${override.date}`}
                  disabled={remove.isPending}
                  onClick={() =>
                    void (async () => {
                      setActionError(undefined);
                      try {
                        await remove.mutateAsync({ id: override.id });
                      } catch (error) {
                        setActionError(`The override was not removed: ${(error as Error).message}`);
                        return;
                      }
                      await refresh();
                    })()
                  }
                >
                  <Trash2Icon aria-hidden="true" />
                </Button>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
