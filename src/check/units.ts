/**
 * Checking a whole registry of units. Each site is checked by checkUnit() exactly as
 * `zwgk check <url>` checks it (same crawler, politeness, follow-up), so a registry run
 * and a single run of the same site agree. Several units run at once under a global cap
 * (--parallel), and never two crawls of the same host at the same time: each Crawler keeps
 * its own per-host limits, and two of them on one host would double them. Results come
 * back in registry order whatever order the crawls finish in.
 */
import type { StoppedBy } from "../crawl/crawler.js";
import type { RegistryUnit } from "../registry/types.js";
import { identifyUnit, rulesForUnit } from "../rules/select.js";
import { unitsIncompleteReason } from "../report/summary.js";
import { STATUSES, type Finding, type Report, type Status, type UnitReport } from "../report/types.js";
import { SiteModel } from "../site/model.js";
import { todayIso } from "../site/dates.js";
import { namesFor } from "./evaluate.js";
import { buildReport, checkUnit, DEFAULTS, judgeUnit, type CheckOptions } from "./index.js";
import type { NameMatcher } from "./names.js";

export interface CheckUnitsOptions extends Omit<CheckOptions, "url" | "unit" | "roles"> {
  units: readonly RegistryUnit[];
  /** Units checked at the same time, across all hosts. */
  parallel?: number;
  /** Copied into the report so a reader knows where the units came from. */
  registry?: Report["registry"];
  shard?: Report["shard"];
  /** Called as each unit finishes (in completion order). */
  onUnit?: (unit: UnitReport, done: number, total: number) => void;
}

/**
 * Units at once, across hosts. Each unit's crawl keeps its own host polite (interval,
 * per-host concurrency, Crawl-delay), and a polite crawl mostly waits, so a high cap costs
 * little; a low one made 50 distinct hosts run in waves (npm run bench: 11.9× the ideal at 4).
 */
export const DEFAULT_PARALLEL = 64;
/** A column hint is one page and its paging, not a second crawl of the site. */
const HINT_MAX_PAGES = 5;

/** Checks every unit and returns one report, units in registry order. */
export async function checkUnits(options: CheckUnitsOptions): Promise<Report> {
  const asOf = options.asOf ?? todayIso();
  const cap = Math.max(1, options.parallel ?? DEFAULT_PARALLEL);
  const results = new Map<RegistryUnit, UnitReport>();
  const pending = [...options.units];
  const busyHosts = new Set<string>();
  let running = 0;

  await new Promise<void>((done, fail) => {
    let failed = false;
    const launch = () => {
      if (failed) return;
      if (!pending.length && !running) return done();
      for (let i = 0; i < pending.length && running < cap; ) {
        const unit = pending[i]!;
        const hosts = hostsOf(unit);
        if (hosts.some((h) => busyHosts.has(h))) {
          i++;
          continue;
        }
        pending.splice(i, 1);
        for (const h of hosts) busyHosts.add(h);
        running++;
        checkRegistryUnit(unit, { ...options, asOf }).then(
          (report) => {
            results.set(unit, report);
            for (const h of hosts) busyHosts.delete(h);
            running--;
            options.onUnit?.(report, results.size, options.units.length);
            launch();
          },
          (error: unknown) => {
            failed = true;
            fail(error);
          },
        );
      }
    };
    launch();
  });

  const units = options.units.map((u) => results.get(u)!);
  const report = buildReport(options.rulebook, asOf, units, unitsIncompleteReason(units));
  if (options.registry) report.registry = options.registry;
  if (options.shard) report.shard = options.shard;
  return report;
}

/** Hosts (with port) a unit's crawls touch, www and non-www as one (the crawler treats them as one site). */
function hostsOf(unit: RegistryUnit): string[] {
  const hosts = new Set<string>();
  for (const url of [...unit.sites, ...unit.columns.map((c) => c.url)]) {
    try {
      hosts.add(new URL(url).host.replace(/^www\./, ""));
    } catch {
      // validated when the registry was loaded
    }
  }
  return [...hosts];
}

/** One unit: check each of its sites and each column hint, keep the best finding per rule. */
export async function checkRegistryUnit(unit: RegistryUnit, options: Omit<CheckUnitsOptions, "units"> & { asOf: string }): Promise<UnitReport> {
  const { units: _u, parallel: _p, registry: _r, shard: _s, onUnit: _o, ...base } = options as CheckUnitsOptions & { asOf: string };
  const book = options.rulebook;
  const identity = identifyUnit(book, unit.name, unit.roles);
  // A unit whose every rule is a manual one (or none applies) has nothing on its site to look at.
  const needsSite = rulesForUnit(book, identity).some((r) => r.checkable && !r.disabled);
  let judged: UnitReport;
  if (!needsSite) {
    const stats = { pagesFetched: 0, pagesFailed: 0, requests: 0, durationMs: 0, stoppedBy: "done" as const, pagesQueued: 0 };
    judged = judgeUnit(book, identity, { model: new SiteModel(), stats, startUrl: unit.sites[0]! }, options.asOf, { enabled: false });
  } else {
    const sites: UnitReport[] = [];
    for (const site of unit.sites) sites.push(await checkUnit({ ...base, url: site, unit: unit.name, roles: unit.roles }));
    const hints: { path: string[]; report: UnitReport }[] = [];
    for (const hint of unit.columns) {
      const maxPages = Math.min(base.maxPages ?? DEFAULTS.maxPages, HINT_MAX_PAGES);
      hints.push({ path: hint.path, report: await checkUnit({ ...base, url: hint.url, unit: unit.name, roles: unit.roles, maxPages, national: { enabled: false } }) });
    }
    judged = sites.length === 1 && !hints.length ? sites[0]! : combine(sites, hints, namesFor(book));
  }
  const exemptions = new Map(unit.exemptions.map((e) => [e.rule, e.reason]));
  return {
    ...judged,
    findings: judged.findings.map((f) => (exemptions.has(f.rule) ? { ...f, exempt: { reason: exemptions.get(f.rule)! } } : f)),
    ...(unit.sites.length > 1 ? { sites: [...unit.sites] } : {}),
    registryIndex: unit.index,
  };
}

/** Best first, as evaluate.ts ranks a rule's alternative paths. */
const RANK: Record<Status, number> = { present: 0, stale: 1, "document-missing": 2, overdue: 3, empty: 4, unreachable: 5, missing: 6, manual: 7 };
/** What a hint's short crawl can tell: it found the column. Its "not found" means nothing. */
const FOUND: ReadonlySet<Status> = new Set(["present", "stale", "document-missing", "overdue", "empty"]);

/**
 * A unit with several sites (or column hints) meets a rule when any of them does. The
 * first site stays the unit's `site` and keeps its national verdict. A hint that names a
 * path speaks only for rules whose column is that one.
 */
function combine(sites: UnitReport[], hintRuns: { path: string[]; report: UnitReport }[], names: NameMatcher): UnitReport {
  const primary = sites[0]!;
  const hints = hintRuns.map((h) => h.report);
  const byRule = (u: UnitReport) => new Map(u.findings.map((f) => [f.rule, f]));
  const others = sites.slice(1).map(byRule);
  const hinted = hintRuns.map((h) => {
    const leaf = h.path[h.path.length - 1];
    return new Map(h.report.findings.filter((f) => !leaf || (f.path.length > 0 && names.same(f.path[f.path.length - 1]!, leaf))).map((f) => [f.rule, f]));
  });
  const findings: Finding[] = primary.findings.map((f) => {
    let best = f;
    for (const other of others) {
      const g = other.get(f.rule);
      if (g && RANK[g.status] < RANK[best.status]) best = g;
    }
    for (const other of hinted) {
      const g = other.get(f.rule);
      if (g && FOUND.has(g.status) && RANK[g.status] < RANK[best.status]) best = g;
    }
    return best;
  });
  const summary = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const f of findings) summary[f.status]++;
  const all = [...sites, ...hints];
  const seen = new Set<string>();
  const failures = all.flatMap((u) => u.crawl.failures).filter((f) => !seen.has(f.url) && seen.add(f.url));
  return {
    ...primary,
    crawl: {
      ...primary.crawl,
      pagesFetched: sum(all, (u) => u.crawl.pagesFetched),
      pagesFailed: sum(all, (u) => u.crawl.pagesFailed),
      requests: sum(all, (u) => u.crawl.requests),
      durationMs: sum(all, (u) => u.crawl.durationMs),
      stoppedBy: combinedStop(sites.map((u) => u.crawl.stoppedBy), hints.map((u) => u.crawl.stoppedBy)),
      failures,
    },
    summary,
    findings,
  };
}

function sum(units: UnitReport[], pick: (u: UnitReport) => number): number {
  return units.reduce((n, u) => n + pick(u), 0);
}

function combinedStop(sites: StoppedBy[], hints: StoppedBy[]): StoppedBy {
  if ([...sites, ...hints].includes("interrupted")) return "interrupted";
  // One site of several down: what was not found may be on it, so the unit's check is not complete.
  if (sites.includes("start-failed")) return "start-failed";
  if (sites.includes("time-budget")) return "time-budget";
  if (sites.includes("max-pages")) return "max-pages";
  return "done";
}
