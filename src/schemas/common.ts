import { z } from "zod";

/**
 * The vocabulary every input schema is built from (procedures, public routes, job payloads), so no input can carry a
 * value PostgreSQL refuses with an internal error: ids in int4 range, text without NUL or lone surrogates, trimmed and
 * bounded, dates between 1900 and 2200, cursors checked. tests/api/hostile-input.*.test.ts walks every schema of the
 * router and fails on a string without `storableText`, a number, bigint, date or array without both bounds.
 */

/** PostgreSQL int4: every id column and every stored whole number. */
export const INT4_MAX = 2_147_483_647;
/** PostgreSQL int8 (the audit log's ids). */
export const INT8_MAX = 9_223_372_036_854_775_807n;

export const EARLIEST_DATE = new Date("1900-01-01T00:00:00.000Z");
export const LATEST_DATE = new Date("2200-12-31T23:59:59.999Z");

export const UNSTORABLE_MESSAGE = "This text contains an invisible character that cannot be saved (a NUL byte or half of an emoji)";

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const EVERY_UNSTORABLE = new RegExp(UNSTORABLE.source, "g");

/** True for text PostgreSQL can store as it is: no NUL byte, no lone UTF-16 surrogate. */
export const isStorableText = (s: string) => !UNSTORABLE.test(s);

/** The check every text schema carries (the hostile-input test looks for this very object). */
export const storableText = z.refine<string>(isStorableText, UNSTORABLE_MESSAGE);

/** Removes what `isStorableText` refuses: for text typed elsewhere (a contact form on a customer's site, an SMS). */
export const stripUnstorable = (s: string) => s.replace(EVERY_UNSTORABLE, "");

/** Trimmed text; chain `.min()` and `.max()` with messages naming the field (a maximum is required). */
export const text = () => z.string().trim().check(storableText);

/** Text kept exactly as typed (passwords, keys); chain `.max()`. */
export const untrimmedText = () => z.string().check(storableText);

/** Text from outside the product (contact forms, inbound messages): unstorable characters are removed, not refused. */
export const strippedText = () => z.string().overwrite(stripUnstorable).trim().check(storableText);

/** A whole number in [min, max]; both bounds are required so nothing overflows a column. */
export const wholeNumber = (min: number, max: number, label = "The number") =>
  z
    .number(`${label} must be a number`)
    .int(`${label} must be a whole number`)
    .min(min, `${label} must be at least ${min}`)
    .max(max, `${label} must be at most ${max}`);

export const idSchema = z
  .number("An id is a number")
  .int("An id is a whole number")
  .min(1, "An id is at least 1")
  .max(INT4_MAX, `An id is at most ${INT4_MAX}`);

/** An int8 id (bigint), e.g. the audit log's cursor. */
export const bigIdSchema = z
  .bigint("An id is a whole number")
  .min(1n, "An id is at least 1")
  .max(INT8_MAX, `An id is at most ${INT8_MAX}`);

/** The last id of the previous page. */
export const idCursorSchema = idSchema.nullish();

/** An opaque page cursor (the `nextCursor` of the previous page); the service decodes it with a schema too. */
export const opaqueCursorSchema = z
  .string()
  .max(512, "This page link is not valid. Start again from the first page.")
  .regex(/^[A-Za-z0-9_-]*$/, "This page link is not valid. Start again from the first page.")
  .check(storableText)
  .nullish();

export const pageLimit = (max: number, fallback: number) => wholeNumber(1, max, "The page size").default(fallback);

/** Cursor pagination shared by every list: `cursor` is the last id of the previous page. */
export const paginationSchema = z.object({
  cursor: idCursorSchema,
  limit: pageLimit(100, 25),
});

/** An instant between 1900 and 2200 (ISO text or a Date); never an Invalid Date. */
export const dateTimeSchema = z.coerce
  .date("Enter a valid date and time")
  .min(EARLIEST_DATE, "Enter a date from 1900 on")
  .max(LATEST_DATE, "Enter a date before 2201");

const shown = (input: unknown) => (typeof input === "string" ? JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input) : typeof input);
const YEARS_MESSAGE = "Enter a date between 1900 and 2200";
/** The day exists: 2027-02-30 would otherwise roll over into March. */
const isCalendarDay = (s: string) => !Number.isNaN(Date.parse(`${s.slice(0, 10)}T00:00:00Z`)) && new Date(`${s.slice(0, 10)}T00:00:00Z`).toISOString().startsWith(s.slice(0, 10));
const inYears = (s: string) => !isCalendarDay(s) || (s >= "1900-01-01" && s <= "2200-12-31T23:59");

// Refinements rather than an aborting pipe: a bad date still lets the object's own checks name the other fields.

/**
 * A calendar date "YYYY-MM-DD" that exists (no 30 February), between 1900 and 2200. The message repeats what was
 * sent, for a person and for the AI's tool calls alike.
 */
export const dateOnlySchema = z
  .string("Use a date like 2026-03-08")
  .max(40, "Use a date like 2026-03-08")
  .check(storableText)
  .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isCalendarDay(s), { error: (iss) => `${shown(iss.input)} is not a date on the calendar; use YYYY-MM-DD` })
  .refine(inYears, YEARS_MESSAGE);

/** A wall-clock time without a zone, "YYYY-MM-DDTHH:mm", on a day and at an hour that exist, between 1900 and 2200. */
export const localDateTimeSchema = z
  .string("Use a time like 2026-03-08T14:30")
  .max(40, "Use a time like 2026-03-08T14:30")
  .check(storableText)
  .refine((s) => /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/.test(s) && isCalendarDay(s), {
    error: (iss) => `${shown(iss.input)} is not a time on the calendar (no such day or hour); use YYYY-MM-DDTHH:mm`,
  })
  .refine(inYears, YEARS_MESSAGE);

export const dateRangeSchema = z
  .object({ from: dateTimeSchema.optional(), to: dateTimeSchema.optional() })
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: "The start must be before the end", path: ["to"] });
