/**
 * The report object: the one thing every formatter reads. Its JSON form is the public
 * contract of DESIGN.md §5 (schemaVersion 1), published as docs/report.schema.json.
 */
import type { Severity } from "../rules/types.js";
import type { StoppedBy } from "../crawl/crawler.js";

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
}

export interface FailedFetch {
  url: string;
  reason: string;
  status?: number;
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
  };
  /** Counts of findings by status. */
  summary: Record<Status, number>;
  findings: Finding[];
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
}
