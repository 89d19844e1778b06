/**
 * The report object: the one thing every formatter reads. Its JSON form is the public
 * contract of DESIGN.md §5 (schemaVersion 1), published as docs/report.schema.json.
 */
import type { Severity } from "../rules/types.js";
import type { StoppedBy } from "../crawl/crawler.js";
import type { Verdict } from "../national/verdict.js";

export const STATUSES = ["present", "missing", "empty", "stale", "document-missing", "overdue", "unreachable", "manual"] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses that are problems to fix (present and manual are not). */
export const PROBLEM_STATUSES: readonly Status[] = ["missing", "empty", "stale", "document-missing", "overdue", "unreachable"];

export interface Evidence {
  /** The breadcrumb as displayed on the column's page. */
  breadcrumb?: string;
  /** How the column was recognised: breadcrumb, meta, nav, link, slug. */
  via?: string;
  /** The column name as the site writes it, when it differs from the rule's. */
  siteName?: string;
  itemCount?: number;
  newestItem?: { title: string; date: string | null; url: string | null };
  emptyMarker?: string;
  /** Sub-columns that satisfy a parent column. */
  children?: string[];
  pagesFollowed?: number;
  /** Why a column could not be judged. */
  reason?: string;
  /** Where the path was looked for, when it was not found. */
  pagesSearched?: number;
  /** A one-sentence Chinese reason, fit for a 整改通知. */
  reasonZh?: string;
  // Content checks (docs/content-checks.md):
  /** Items that show a date (undated items do not count as updates). */
  datedItems?: number;
  /** Pages the column's list says it has (pagesFollowed says how many were read). */
  pagesDeclared?: number;
  /** The page the list was read from when it is not the column page (an iframe). */
  listUrl?: string;
  /** Item detail pages read for dates or required fields. */
  detailPagesRead?: number;
  /** The freshness window the column was judged by: the rule's, or the default for its kind. */
  freshness?: { days: number; basis: string; source: string };
  /** Named documents (rule.documents) not found among the items. */
  documentsMissing?: string[];
  /** Required fields (rule.fields) not shown on the page or its items. */
  fieldsMissing?: string[];
  /** The passed deadline the column was judged against (YYYY-MM-DD). */
  deadline?: string;
  /** Problems besides the one the status names. */
  otherProblems?: { status: Status; reasonZh: string }[];
  /** Follow-up fetches (list pages, detail pages) that failed. */
  followUpProblems?: string[];
}

export interface Finding {
  rule: string;
  title: string;
  /** The rule's path exactly as written in the rulebook (the one matched, else the first). */
  path: string[];
  status: Status;
  severity: Severity;
  /** Evidence URL: the column's page, or null when there is none. */
  url: string | null;
  evidence: Evidence;
  message: string;
  /** 牵头单位 of the rule: who leads the measure, for the 整改清单. */
  lead?: string[];
  /** The rule's deadline as the table writes it, with the exact day where it gives one. */
  deadline?: { text: string; date?: string };
  /** The registry exempts this unit from the rule; the finding stays visible, it just does not fail. */
  exempt?: { reason: string };
  /** With --baseline: whether this problem was already a problem in the baseline report. */
  baseline?: "new" | "known";
}

/** A problem of the baseline report that is no longer a problem. */
export interface FixedProblem {
  unit: string;
  rule: string;
  title: string;
  was: Status;
  /** The status now, or null when the rule no longer applies to the unit. */
  now: Status | null;
}

export interface FailedFetch {
  url: string;
  reason: string;
  status?: number;
  /** forbidden, challenge, waf, rate-limited, server-error, timeout, network, tls, redirect, robots, http (src/crawl/fetch.ts FailureKind). */
  kind?: string;
}

/** How the crawl went, beyond the counts (src/crawl CrawlInfo); every field optional. */
export interface CrawlNotes {
  /** Failures counted by kind. */
  failureCounts?: Record<string, number>;
  /** robots.txt of each origin crawled: found, none, unreachable, ignored (--ignore-robots). */
  robots?: { url: string; status: string; detail?: string; crawlDelayMs?: number; disallowed: number }[];
  /** One line each: --ignore-robots, --insecure, Crawl-delay, truncated pages, trap guards, time budget … */
  notes?: string[];
  /** Links not followed, by reason (robots, excluded, not-included, depth, trap). */
  skipped?: Record<string, number>;
  /** Non-HTML targets (PDF, DOC, XLS, ZIP …) recorded by link text and type, not downloaded. */
  documents?: number;
  retries?: number;
  /** Pages served from --cache after a 304. */
  notModified?: number;
  /** Pages cut at the body size limit. */
  truncated?: number;
  /** The report was made offline from a --snapshot directory. */
  fromSnapshot?: { dir: string; createdAt: string };
}

export interface UnitReport {
  name: string;
  roles: string[];
  site: string;
  crawl: {
    pagesFetched: number;
    pagesFailed: number;
    requests: number;
    durationMs: number;
    stoppedBy: StoppedBy;
    failures: FailedFetch[];
  } & CrawlNotes;
  /** What an official spot check (国办秘函〔2019〕19号) would conclude: 合格/不合格 with reasons. */
  verdict?: Verdict;
  /** Counts of findings by status. */
  summary: Record<Status, number>;
  findings: Finding[];
  /** Every start URL when the registry gives the unit more than one site (`site` is the first). */
  sites?: string[];
  /** Position in the units registry, so merged shards come back in registry order. */
  registryIndex?: number;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: "zwgk"; version: string };
  rulebook: { id: string; version: string; sha256: string; title: string };
  asOf: string;
  generatedAt: string;
  complete: boolean;
  /** Why the report is incomplete, when it is. */
  incompleteReason?: string;
  units: UnitReport[];
  /** The units registry the units came from (zwgk check --units). */
  registry?: { file: string; id?: string; title?: string; example?: boolean };
  /** This report covers shard `index` of `total` of the registry (--shard i/n). */
  shard?: { index: number; total: number };
  /** Comparison with a previous report (--baseline). */
  baseline?: { file: string; generatedAt?: string; asOf: string; new: number; known: number; fixed: FixedProblem[] };
}
