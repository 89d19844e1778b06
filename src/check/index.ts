/**
 * check(): the library's front door. Rulebook + unit + options → crawl → site model →
 * findings → report object. No console, no process, no exit codes: the CLI adds those.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Crawler, DEFAULT_USER_AGENT, type CrawlResult } from "../crawl/crawler.js";
import { identifyUnit, rulesForUnit } from "../rules/select.js";
import { packageRoot } from "../rules/paths.js";
import type { Rulebook } from "../rules/types.js";
import { STATUSES, type Report, type Status, type UnitReport } from "../report/types.js";
import type { PageFacts } from "../site/page.js";
import { todayIso } from "../site/dates.js";
import { evaluateRule, namesFor } from "./evaluate.js";

export interface CheckOptions {
  url: string;
  rulebook: Rulebook;
  /** The unit's name (its roles come from the rulebook when not given). */
  unit?: string;
  roles?: string[];
  /** The day the check is judged on (deadlines, freshness); default today. */
  asOf?: string;
  maxPages?: number;
  timeoutMs?: number;
  concurrency?: number;
  userAgent?: string;
  signal?: AbortSignal;
  onPage?: (facts: PageFacts) => void;
  onFailure?: (url: string, reason: string) => void;
}

export const DEFAULTS = { maxPages: 200, timeoutMs: 20_000, concurrency: 2, maxBytes: 5 * 1024 * 1024, maxRedirects: 10 } as const;

export function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(resolve(packageRoot, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "0.0.0";
  }
}

/** Checks one unit's site and returns the whole report (one unit). */
export async function check(options: CheckOptions): Promise<Report> {
  const asOf = options.asOf ?? todayIso();
  const unit = await checkUnit({ ...options, asOf });
  const complete = unit.crawl.stoppedBy === "done" || unit.crawl.stoppedBy === "max-pages";
  return buildReport(options.rulebook, asOf, [unit], complete ? undefined : incompleteReason(unit));
}

export function incompleteReason(unit: UnitReport): string {
  if (unit.crawl.stoppedBy === "start-failed") return `${unit.site} could not be fetched: ${unit.crawl.failures.find((f) => f.url === unit.site)?.reason ?? "unknown error"}`;
  return `crawl of ${unit.site} ${unit.crawl.stoppedBy}`;
}

export function buildReport(rulebook: Rulebook, asOf: string, units: UnitReport[], incomplete?: string): Report {
  return {
    schemaVersion: 1,
    tool: { name: "zwgk", version: toolVersion() },
    rulebook: { id: rulebook.id, version: rulebook.version, sha256: rulebook.sha256, title: rulebook.title },
    asOf,
    generatedAt: new Date().toISOString(),
    complete: incomplete === undefined,
    ...(incomplete === undefined ? {} : { incompleteReason: incomplete }),
    units,
  };
}

export async function checkUnit(options: CheckOptions & { asOf: string }): Promise<UnitReport> {
  const identity = identifyUnit(options.rulebook, options.unit, options.roles ?? []);
  const crawler = new Crawler({
    maxPages: options.maxPages ?? DEFAULTS.maxPages,
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    concurrency: options.concurrency ?? DEFAULTS.concurrency,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    maxBytes: DEFAULTS.maxBytes,
    maxRedirects: DEFAULTS.maxRedirects,
    referenceDate: options.asOf,
    signal: options.signal,
  });
  if (options.onPage) crawler.on("page", options.onPage);
  if (options.onFailure) crawler.on("failure", options.onFailure);
  const crawl = await crawler.crawl(options.url);
  return judgeUnit(options.rulebook, identity, crawl, options.asOf);
}

/** Findings for one unit from a finished (or partial) crawl. */
export function judgeUnit(rulebook: Rulebook, identity: { name: string; roles: string[] }, crawl: CrawlResult, asOf: string): UnitReport {
  const rules = rulesForUnit(rulebook, identity).filter((r) => !r.disabled);
  const names = namesFor(rulebook);
  const findings = crawl.startFailure
    ? rules.map((rule) => {
        const f = evaluateRule(rule, { model: crawl.model, stats: crawl.stats, asOf, names });
        if (f.status === "manual") return f;
        const reason = `${crawl.startUrl}: ${crawl.startFailure}`;
        return { ...f, status: "unreachable" as const, url: null, evidence: { reason, reasonZh: "网站无法访问" }, message: `site could not be fetched: ${reason}` };
      })
    : rules.map((rule) => evaluateRule(rule, { model: crawl.model, stats: crawl.stats, asOf, names }));
  const summary = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const f of findings) summary[f.status]++;
  return {
    name: identity.name || new URL(crawl.startUrl).hostname,
    roles: identity.roles,
    site: crawl.startUrl,
    crawl: {
      pagesFetched: crawl.stats.pagesFetched,
      pagesFailed: crawl.stats.pagesFailed,
      requests: crawl.stats.requests,
      durationMs: crawl.stats.durationMs,
      stoppedBy: crawl.stats.stoppedBy,
      failures: [...crawl.model.failures.values()].map(({ url, reason, status }) => ({ url, reason, ...(status ? { status } : {}) })),
    },
    summary,
    findings,
  };
}
