/**
 * FormStat buckets (UTC): weeks from Monday, days, hours and quarter hours, as the database's form_stat_buckets() makes
 * them. Any range between two quarter hours is an exact union of whole buckets (every zone's midnight falls on a
 * quarter hour), the largest first: a 90-day range is ~13 weeks, a few days and the hours and quarters at its ends.
 */
export type DetailGrain = "w" | "d" | "h" | "q";

const MINUTE = 60_000;
const SIZE: Record<DetailGrain, number> = { w: 7 * 24 * 60 * MINUTE, d: 24 * 60 * MINUTE, h: 60 * MINUTE, q: 15 * MINUTE };
/** 1970-01-05, the first Monday of the epoch: weeks start on Mondays (date_trunc('week')). */
const MONDAY = 4 * SIZE.d;

const floorTo = (t: number, g: DetailGrain) => {
  const origin = g === "w" ? MONDAY : 0;
  return t - ((((t - origin) % SIZE[g]) + SIZE[g]) % SIZE[g]);
};
const ceilTo = (t: number, g: DetailGrain) => {
  const f = floorTo(t, g);
  return f === t ? t : f + SIZE[g];
};

export interface StatPiece {
  grain: DetailGrain;
  /** UTC instants (ms): buckets starting at from <= bucket < to. */
  from: number;
  to: number;
}

/** [from, to) as whole buckets, the largest grains first. */
export function statPieces(from: number, to: number, grains: readonly DetailGrain[] = ["w", "d", "h", "q"]): StatPiece[] {
  if (from >= to || grains.length === 0) return [];
  const [grain, ...rest] = grains as [DetailGrain, ...DetailGrain[]];
  const a = ceilTo(from, grain);
  const b = floorTo(to, grain);
  if (a >= b) return statPieces(from, to, rest);
  return [...statPieces(from, a, rest), { grain, from: a, to: b }, ...statPieces(b, to, rest)];
}

export const floorHour = (t: number) => floorTo(t, "h");

/**
 * Completions by time to complete: bin 0 is under 1 s; bin k (1..62) is [1 s x 1.15^(k-1), 1 s x 1.15^k); bin 63 is from
 * ~97 minutes on. Matches form_duration_bin() in the database.
 */
export const DURATION_BINS = 64;
const RATIO = 1.15;
export const DURATION_PRECISION = RATIO - 1;

function binEdges(bin: number): [number, number] {
  if (bin === 0) return [0, 1000];
  const lo = 1000 * RATIO ** (bin - 1);
  return [lo, lo * RATIO];
}

/**
 * The median read from a histogram: the bin holding the middle completion, then linear within it (its completions
 * taken as spread evenly). Within one bin's width (15%) of the exact median.
 */
export function medianFromHistogram(hist: readonly number[]): number | null {
  const n = hist.reduce((a, b) => a + b, 0);
  if (n <= 0) return null;
  const rank = (n - 1) / 2;
  let before = 0;
  for (let bin = 0; bin < hist.length; bin++) {
    const c = hist[bin] ?? 0;
    if (c <= 0) continue;
    if (rank < before + c) {
      const [lo, hi] = binEdges(bin);
      return Math.round(lo + ((hi - lo) * (rank - before + 0.5)) / c);
    }
    before += c;
  }
  return null;
}
