/**
 * check(): the library's front door. Rulebook + unit + options → crawl → site model →
 * findings → report object. No console, no process, no exit codes: the CLI adds those.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Crawler, DEFAULT_USER_AGENT, type CrawlResult, type CrawlSettings } from "../crawl/crawler.js";
import type { RequestLog } from "../crawl/client.js";
import type { CrawlProgress } from "../crawl/progress.js";
import { replaySnapshot } from "../crawl/snapshot.js";
import { crawlSummary, reportFailures } from "../crawl/summary.js";
import { identifyUnit, rulesForUnit } from "../rules/select.js";
import { packageRoot } from "../rules/paths.js";
import type { Rule, Rulebook } from "../rules/types.js";
import { STATUSES, type Finding, type Report, type Status, type UnitReport } from "../report/types.js";
import type { PageFacts } from "../site/page.js";
import { todayIso } from "../site/dates.js";
import { evaluateRule, namesFor } from "./evaluate.js";
import { followUp, type FollowUpResult } from "./followup.js";
import { hasIndicators, judgeVerdict } from "../national/verdict.js";
import type { ProbeSample } from "../national/probe.js";
import { unitIncompleteReason } from "../report/summary.js";

export interface CheckOptions {
  url: string;
  rulebook: Rulebook;
  /** The unit's name (its roles come from the rulebook when not given). */
  unit?: string;
  roles?: string[];
  /** The day the check is judged on (deadlines, freshness); default today. */
  asOf?: string;
  maxPages?: number;
  /** List pages read per matched column in the follow-up phase, the first included (--max-list-pages). */
  maxListPages?: number;
  /** Fetch every in-scope page, article pages included (--full-crawl): site-wide checks, benchmarks. */
  fullCrawl?: boolean;
  timeoutMs?: number;
  concurrency?: number;
  userAgent?: string;
  signal?: AbortSignal;
  onPage?: (facts: PageFacts) => void;
  onFailure?: (url: string, reason: string) => void;
  national?: NationalOptions;
  /** Politeness, limits, scope, TLS/proxy, cache and snapshot settings (docs/crawling.md). */
  crawl?: CrawlSettings;
  /** Re-check a --snapshot directory offline instead of crawling (url may then be ""). */
  fromSnapshot?: string;
  /** Each HTTP exchange (--verbose). */
  onRequest?: (log: RequestLog) => void;
  /** Pages fetched, queued, failed, current host, elapsed (the progress line). */
  onProgress?: (progress: CrawlProgress) => void;
}

export const DEFAULTS = { maxListPages: 5, maxPages: 200, timeoutMs: 20_000, concurrency: 2, maxBytes: 5 * 1024 * 1024, maxRedirects: 10 } as const;

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
  return buildReport(options.rulebook, asOf, [unit], unitIncompleteReason(unit));
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
    ...(options.fullCrawl ? { fullCrawl: true } : {}),
    ...options.crawl,
  });
  if (options.onPage) crawler.on("page", options.onPage);
  if (options.onFailure) crawler.on("failure", options.onFailure);
  if (options.onRequest) crawler.on("request", options.onRequest);
  if (options.onProgress) crawler.on("progress", options.onProgress);
  const crawl = options.fromSnapshot
    ? await replaySnapshot(options.fromSnapshot, { url: options.url || undefined, referenceDate: options.asOf })
    : await crawler.crawl(options.url);
  // Follow-up phase (src/check/followup.ts): matched columns' further list pages, frames, detail pages.
  const followed = crawl.startFailure
    ? undefined
    : await followUp(crawl, rulesForUnit(options.rulebook, identity).filter((r) => !r.disabled), namesFor(options.rulebook), {
        maxListPages: options.maxListPages ?? DEFAULTS.maxListPages,
        timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
        userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
        maxBytes: DEFAULTS.maxBytes,
        maxRedirects: DEFAULTS.maxRedirects,
        concurrency: options.concurrency ?? DEFAULTS.concurrency,
        asOf: options.asOf,
        signal: options.signal,
      });
  if (followed) crawl.stats.requests += followed.requests;
  return judgeUnit(options.rulebook, identity, crawl, options.asOf, options.national, followed);
}

/** Findings for one unit from a finished (or partial) crawl. */
export function judgeUnit(
  rulebook: Rulebook,
  identity: { name: string; roles: string[] },
  crawl: CrawlResult,
  asOf: string,
  national: NationalOptions = {},
  followed?: FollowUpResult,
): UnitReport {
  const rules = rulesForUnit(rulebook, identity).filter((r) => !r.disabled);
  const names = namesFor(rulebook);
  const findings = crawl.startFailure
    ? rules.map((rule) => {
        const f = evaluateRule(rule, { model: crawl.model, stats: crawl.stats, asOf, names, followUp: followed });
        if (f.status === "manual") return f;
        const reason = `${crawl.startUrl}: ${crawl.startFailure}`;
        return { ...f, status: "unreachable" as const, url: null, evidence: { reason, reasonZh: "网站无法访问" }, message: `site could not be fetched: ${reason}` };
      })
    : rules.map((rule) => evaluateRule(rule, { model: crawl.model, stats: crawl.stats, asOf, names, followUp: followed }));
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
      failures: reportFailures(crawl),
      ...crawlSummary(crawl),
    },
    summary,
    findings: findings.map((f, i) => withRuleFacts(f, rules[i]!)),
    ...(national.enabled !== false && hasIndicators(rulebook) && !crawl.startFailure
      ? { verdict: judgeVerdict(rulebook, { model: crawl.model, site: crawl.startUrl, asOf, roles: identity.roles, book: rulebook, names, probes: national.probes }) }
      : {}),
  };
}

/** The national inspection indicators: on whenever the rulebook carries them, unless switched off. */
export interface NationalOptions {
  enabled?: boolean;
  /** Availability samples from `zwgk probe --history`, for 站点无法访问. */
  probes?: ProbeSample[];
}

/** Lead unit and deadline travel with each finding: a 整改清单 row must stand on its own. */
function withRuleFacts(finding: Finding, rule: Rule): Finding {
  return {
    ...finding,
    ...(rule.lead.length ? { lead: [...rule.lead] } : {}),
    ...(rule.deadline ? { deadline: { text: rule.deadline.text, ...(rule.deadline.date ? { date: rule.deadline.date } : {}) } } : {}),
  };
}
