import { z } from "zod";

/**
 * Input types every schema can share: text that PostgreSQL can store (no NUL) and dates that exist on the calendar,
 * within years a person could mean. Zod's ISO formats check the calendar (30 February, month 13 and hour 24 are
 * refused), so a date that does not exist is an error naming it, never a rollover into the next month.
 */
export const NUL_MESSAGE = "Must not contain a NUL character";
export const hasNul = (text: string) => text.includes("\u0000");

/** Trimmed text without NUL, at most `max` characters (and at least `min`, default 0). */
export function textSchema(opts: { max: number; min?: number; label?: string }) {
  const label = opts.label ?? "Text";
  let schema = z
    .string()
    .refine((v) => !hasNul(v), { error: NUL_MESSAGE, abort: true })
    .trim()
    .max(opts.max, `${label} is too long (at most ${opts.max} characters)`);
  if (opts.min) schema = schema.min(opts.min, opts.min === 1 ? `${label} is required` : `${label} is too short`);
  return schema;
}

/** Years a date may name: far enough for birthdays and history, near enough that arithmetic never leaves the range. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

const shown = (input: unknown) => (typeof input === "string" ? JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input) : typeof input);
const yearOf = (v: string) => Number(v.slice(0, 4));
const inYears = (v: string) => yearOf(v) >= MIN_YEAR && yearOf(v) <= MAX_YEAR;
const YEARS_MESSAGE = `The year must be between ${MIN_YEAR} and ${MAX_YEAR}`;

/** A calendar date, `YYYY-MM-DD`, that exists (2027-02-30 does not). */
export const calendarDateSchema = z
  .iso.date({ error: (iss) => `${shown(iss.input)} is not a date on the calendar; use YYYY-MM-DD`, abort: true })
  .refine(inYears, YEARS_MESSAGE);

/** A wall-clock time without a zone, `YYYY-MM-DDTHH:mm`, on a date that exists (hours 00-23). */
export const localDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: (iss) => `${shown(iss.input)} is not a local time; use YYYY-MM-DDTHH:mm`, abort: true })
  .pipe(z.iso.datetime({ local: true, precision: -1, error: (iss) => `${shown(iss.input)} is not a time on the calendar (no such day or hour)` }))
  .refine(inYears, YEARS_MESSAGE);
