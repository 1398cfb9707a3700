const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

type DateLike = Date | string | number | null | undefined;

function toDate(value: DateLike): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "Nov 25, 2026, 3:04 PM", or `fallback` for no date. */
export function formatDateTime(value: DateLike, fallback = "—"): string {
  const date = toDate(value);
  return date ? dateTimeFormat.format(date) : fallback;
}

/** "Nov 25, 2026", or `fallback` for no date. */
export function formatDate(value: DateLike, fallback = "—"): string {
  const date = toDate(value);
  return date ? dateFormat.format(date) : fallback;
}

/** The value for an <input type="datetime-local"> holding `date` in the browser's zone. */
export function toDateTimeLocalValue(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** An <input type="date"|"datetime-local"> value as a Date, or undefined when empty or unreadable. */
export function parseLocalDate(value: string | undefined | null, endOfDay = false): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value.length === 10 ? `${value}T${endOfDay ? "23:59:59.999" : "00:00:00"}` : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
