/**
 * Working days as Chinese government offices count them: weekends off, statutory holidays
 * off, and the weekend days a holiday notice turns into working days (调休) on. The dates
 * are data (rules/holidays-cn.json), one notice per year; a year without data counts
 * plain Monday–Friday and says so.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { bundledRulesDir } from "../rules/paths.js";

export interface HolidayCalendar {
  off: Set<string>;
  work: Set<string>;
  years: Set<number>;
}

let bundled: HolidayCalendar | undefined;

export function bundledHolidays(): HolidayCalendar {
  if (!bundled) {
    const data = JSON.parse(readFileSync(resolve(bundledRulesDir, "holidays-cn.json"), "utf8")) as Record<string, { off: string[]; work: string[] } | string>;
    const cal: HolidayCalendar = { off: new Set(), work: new Set(), years: new Set() };
    for (const [year, days] of Object.entries(data)) {
      if (typeof days === "string") continue;
      cal.years.add(Number(year));
      for (const d of days.off) cal.off.add(d);
      for (const d of days.work) cal.work.add(d);
    }
    bundled = cal;
  }
  return bundled;
}

export function isWorkingDay(iso: string, cal: HolidayCalendar = bundledHolidays()): boolean {
  if (cal.work.has(iso)) return true;
  if (cal.off.has(iso)) return false;
  const day = new Date(iso + "T00:00:00Z").getUTCDay();
  return day !== 0 && day !== 6;
}

/** Working days after `from` up to and including `to` (0 when to <= from). */
export function workingDaysBetween(from: string, to: string, cal: HolidayCalendar = bundledHolidays()): number {
  let count = 0;
  const end = Date.parse(to + "T00:00:00Z");
  for (let t = Date.parse(from + "T00:00:00Z") + 86_400_000; t <= end; t += 86_400_000) {
    if (isWorkingDay(new Date(t).toISOString().slice(0, 10), cal)) count++;
  }
  return count;
}

/** Whether the calendar knows every year the span touches (otherwise holidays may be missed). */
export function coversSpan(from: string, to: string, cal: HolidayCalendar = bundledHolidays()): boolean {
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) if (!cal.years.has(y)) return false;
  return true;
}
