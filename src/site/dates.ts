/**
 * Dates as Chinese government sites write them: 2021-06-30, 2021/06/30, 2021.06.30,
 * 2021年6月30日, 发布日期：…, and in home-page lists [06-30], 06-30 or 6月30日 with the year
 * left to context.
 */

const FULL = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?/;
const FULL_G = new RegExp(FULL.source, "g");
// MM-DD with no year (home-page lists). Not preceded by a digit or colon (times), not followed by a digit.
const SHORT = /(?<![\d:.\-/])\[?(\d{1,2})[-/.](\d{1,2})\]?(?![\d:])/;
// 6月30日 with no year in front of it.
const SHORT_ZH = /(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
/** Labels that name a row's publication date, best first: 成文日期 is when it was signed, not published. */
const PUBLISHED_LABELS = /(?:发布日期|发布时间|公开日期|公开时间|发文日期|更新日期|更新时间|(?<![文成])日期|(?<![文成])时间)\s*[:：]\s*/g;

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
 * A date in a list row: the date after a 发布日期-like label when the row has one (rows
 * that show 成文日期 and 发布日期 side by side), else the first full date, else MM-DD whose
 * year comes from context.
 *
 * Context, best first: the item's own URL (TRS /202106/t20210630_1.html, Hanweb
 * /art/2021/6/30/…) when its month agrees; else the latest year that does not put the
 * date after the reference day (home pages list recent items).
 */
export function parseListDate(text: string, reference?: string, contextUrl?: string | null): string | null {
  const labelled = labelledDate(text);
  if (labelled) return labelled;
  const full = parseFullDate(text);
  if (full) return full;
  const m = SHORT.exec(text) ?? SHORT_ZH.exec(text);
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  const fromUrl = contextUrl ? urlDate(contextUrl) : null;
  if (fromUrl && Number(fromUrl.slice(5, 7)) === month) {
    const iso = isoDate(Number(fromUrl.slice(0, 4)), month, day);
    if (iso) return iso;
  }
  if (!reference) return null;
  const refYear = Number(reference.slice(0, 4));
  const candidate = isoDate(refYear, month, day);
  if (!candidate) return isoDate(refYear - 1, month, day);
  return candidate <= reference ? candidate : isoDate(refYear - 1, month, day);
}

/** Characters after an article's title in which its date line (来源 · 作者 · date) is looked for. */
const UNDER_TITLE_CHARS = 120;
/** A full date written with digits only (2023-12-01, 2023/12/01, 2023.12.01), as date lines show it. */
const NUMERIC_FULL = /(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/;

/**
 * The date an article shows in the line under its title (来源：新华社 作者： 2023-12-01 14:43), for
 * pages without a metadata table or PubDate meta. Looked for right after each place the title
 * appears in the page's text, before the article's first full stop: a labelled date
 * (发布时间：…) first, else a date written with digits only. A date inside the article's first
 * sentence (2021年6月30日，…) is an event, not the publication, and is not read.
 */
export function dateUnderTitle(text: string, title: string): string | null {
  if (title.length < 4) return null;
  for (let at = text.indexOf(title); at >= 0; at = text.indexOf(title, at + title.length)) {
    let after = text.slice(at + title.length, at + title.length + UNDER_TITLE_CHARS);
    const stop = after.indexOf("。");
    if (stop >= 0) after = after.slice(0, stop);
    const labelled = labelledDate(after);
    if (labelled) return labelled;
    const m = NUMERIC_FULL.exec(after);
    const iso = m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
    if (iso) return iso;
  }
  return null;
}

function labelledDate(text: string): string | null {
  PUBLISHED_LABELS.lastIndex = 0;
  for (let m = PUBLISHED_LABELS.exec(text); m; m = PUBLISHED_LABELS.exec(text)) {
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 24);
    const date = FULL.exec(after);
    if (date && date.index === 0) {
      const iso = isoDate(Number(date[1]), Number(date[2]), Number(date[3]));
      if (iso) return iso;
    }
  }
  return null;
}

/**
 * The date a CMS writes into an article URL: TRS t20210630_123.html or /202106/, Hanweb
 * /art/2021/6/30/, others /2021-06/30/ or /2021/0630/. Month precision (YYYY-MM-01) when
 * only the month is there. Used only to give a year to MM-DD list dates, never as an
 * item's date: the URL is not a date the page shows.
 */
export function urlDate(url: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const patterns: RegExp[] = [
    /\/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+/,
    /\/art\/((?:19|20)\d{2})\/(\d{1,2})\/(\d{1,2})\//,
    /\/((?:19|20)\d{2})-(\d{2})\/(\d{2})\//,
    /\/((?:19|20)\d{2})\/(\d{2})(\d{2})\//,
  ];
  for (const re of patterns) {
    const m = re.exec(path);
    const iso = m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
    if (iso) return iso;
  }
  const month = /\/((?:19|20)\d{2})(\d{2})\//.exec(path);
  return month ? isoDate(Number(month[1]), Number(month[2]), 1) : null;
}

/** Whole days from a to b (ISO dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86_400_000);
}

/** An ISO date moved by whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(date + "T00:00:00Z") + days * 86_400_000).toISOString().slice(0, 10);
}

export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
