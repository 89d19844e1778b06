/** Dates as Chinese government sites write them: 2021-06-30, 2021/06/30, 2021.06.30, 2021年6月30日, [06-30]. */

const FULL = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?/;
const FULL_G = new RegExp(FULL.source, "g");
// MM-DD with no year (home-page lists). Not preceded by a digit or colon (times), not followed by a digit.
const SHORT = /(?<![\d:.\-/])\[?(\d{1,2})[-/.](\d{1,2})\]?(?![\d:])/;

export function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1949 || year > 2100) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The first full date in a text, as YYYY-MM-DD. */
export function parseFullDate(text: string): string | null {
  FULL_G.lastIndex = 0;
  for (let m = FULL_G.exec(text); m; m = FULL_G.exec(text)) {
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (iso) return iso;
  }
  return null;
}

/**
 * A date in a list row: a full date, or MM-DD whose year comes from context — the latest
 * year that does not put the date after the reference day (home pages list recent items).
 */
export function parseListDate(text: string, reference?: string): string | null {
  const full = parseFullDate(text);
  if (full) return full;
  const m = SHORT.exec(text);
  if (!m || !reference) return null;
  const refYear = Number(reference.slice(0, 4));
  const candidate = isoDate(refYear, Number(m[1]), Number(m[2]));
  if (!candidate) return null;
  return candidate <= reference ? candidate : isoDate(refYear - 1, Number(m[1]), Number(m[2]));
}

/** Whole days from a to b (ISO dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86_400_000);
}

export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
