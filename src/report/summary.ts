/**
 * The two views every human-facing format shows of a multi-unit report: a summary table
 * (unit × status) and a per-rule view (which units fail rule X). Pure functions of the report.
 */
import { SEVERITIES, type Severity } from "../rules/types.js";
import { PROBLEM_STATUSES, STATUSES, type Finding, type Report, type Status, type UnitReport } from "./types.js";

/** A problem to fix: a problem status on a rule the unit is not exempt from. */
export function isProblem(f: Finding): boolean {
  return PROBLEM_STATUSES.includes(f.status) && !f.exempt;
}

export type FailOn = Severity | "none";

/**
 * Whether the report fails a run (exit code 1) under --fail-on, and --fail-on-new with `onlyNew`.
 * `zwgk check` and `zwgk report` decide with this one rule, so a stored report re-rendered or
 * merged exits as the check that wrote it did.
 */
export function failsRun(report: Report, failOn: FailOn, onlyNew = false): boolean {
  return failingVerdicts(report, failOn, onlyNew).length > 0 || failingProblems(report, failOn, onlyNew).length > 0;
}

/**
 * Units whose national verdict is 不合格, when `failOn` is error or lower: an official spot
 * check would fail the site, which weighs as an error. With `onlyNew`, only verdicts the
 * baseline marks new (the unit passed, or was not judged, in the baseline).
 */
function failingVerdicts(report: Report, failOn: FailOn, onlyNew = false): UnitReport[] {
  if (failOn === "none" || SEVERITIES.indexOf(failOn) > SEVERITIES.indexOf("error")) return [];
  return report.units.filter((u) => u.verdict && !u.verdict.passed && (!onlyNew || u.verdict.baseline === "new"));
}

/** Problems at or above `failOn` (only the baseline's new ones with `onlyNew`): what makes exit code 1. */
export function failingProblems(report: Report, failOn: FailOn, onlyNew = false): { unit: UnitReport; finding: Finding }[] {
  if (failOn === "none") return [];
  const threshold = SEVERITIES.indexOf(failOn);
  const out: { unit: UnitReport; finding: Finding }[] = [];
  for (const unit of report.units) {
    for (const finding of unit.findings) {
      if (!isProblem(finding) || SEVERITIES.indexOf(finding.severity) < threshold) continue;
      if (onlyNew && finding.baseline !== "new") continue;
      out.push({ unit, finding });
    }
  }
  return out;
}

export interface UnitRow {
  unit: string;
  site: string;
  /** Findings by status, exempt ones left out (they are counted under `exempt`). */
  counts: Record<Status, number>;
  exempt: number;
  problems: number;
  /** With a baseline: problems that are new. */
  newProblems?: number;
  stoppedBy: string;
  pagesFetched: number;
  /** The national inspection verdict, when the report has one: 合格 / 不合格 and the score. */
  verdict?: { result: string; passed: boolean; score: number; baseline?: "new" | "known" };
}

/** "不合格 72" — the verdict as one table cell; "不合格 72 new" when it failed since the baseline. */
export function verdictCell(row: UnitRow): string {
  return row.verdict ? `${row.verdict.result} ${row.verdict.score}${row.verdict.baseline === "new" ? " new" : ""}` : "";
}

export function unitRows(report: Report): UnitRow[] {
  const withBaseline = report.baseline !== undefined;
  return report.units.map((u) => {
    const counts = zeroCounts();
    let exempt = 0;
    let fresh = 0;
    for (const f of u.findings) {
      if (f.exempt) exempt++;
      else counts[f.status]++;
      if (isProblem(f) && f.baseline === "new") fresh++;
    }
    return {
      unit: u.name,
      site: u.site,
      counts,
      exempt,
      problems: PROBLEM_STATUSES.reduce((n, s) => n + counts[s], 0),
      ...(withBaseline ? { newProblems: fresh } : {}),
      stoppedBy: u.crawl.stoppedBy,
      pagesFetched: u.crawl.pagesFetched,
      ...(u.verdict ? { verdict: { result: u.verdict.result, passed: u.verdict.passed, score: u.verdict.score, ...(u.verdict.baseline ? { baseline: u.verdict.baseline } : {}) } } : {}),
    };
  });
}

export function totalRow(rows: UnitRow[]): Omit<UnitRow, "unit" | "site" | "stoppedBy" | "pagesFetched"> {
  const counts = zeroCounts();
  let exempt = 0;
  let problems = 0;
  let fresh: number | undefined;
  for (const r of rows) {
    for (const s of STATUSES) counts[s] += r.counts[s];
    exempt += r.exempt;
    problems += r.problems;
    if (r.newProblems !== undefined) fresh = (fresh ?? 0) + r.newProblems;
  }
  return { counts, exempt, problems, ...(fresh !== undefined ? { newProblems: fresh } : {}) };
}

export interface RuleUnitStatus {
  unit: string;
  status: Status;
  url: string | null;
  exempt?: string;
  baseline?: "new" | "known";
}

export interface RuleRow {
  rule: string;
  title: string;
  severity: Severity;
  lead: string[];
  deadline?: string;
  /** Units the rule applies to. */
  applies: number;
  /** Units with a problem on it (exempt ones not included). */
  failing: RuleUnitStatus[];
  exempt: RuleUnitStatus[];
  manual: number;
  present: number;
}

/** One row per rule that applies to any unit, in rule-id order. */
export function ruleRows(report: Report): RuleRow[] {
  const rows = new Map<string, RuleRow>();
  for (const unit of report.units) {
    for (const f of unit.findings) {
      let row = rows.get(f.rule);
      if (!row) {
        row = { rule: f.rule, title: f.title, severity: f.severity, lead: f.lead ?? [], ...(f.deadline ? { deadline: f.deadline.text } : {}), applies: 0, failing: [], exempt: [], manual: 0, present: 0 };
        rows.set(f.rule, row);
      }
      row.applies++;
      const entry: RuleUnitStatus = { unit: unit.name, status: f.status, url: f.url, ...(f.baseline ? { baseline: f.baseline } : {}) };
      if (f.exempt) row.exempt.push({ ...entry, exempt: f.exempt.reason });
      else if (isProblem(f)) row.failing.push(entry);
      else if (f.status === "manual") row.manual++;
      else if (f.status === "present") row.present++;
    }
  }
  return [...rows.values()].sort((a, b) => compareRuleIds(a.rule, b.rule));
}

/** 1.2.10 after 1.2.9; N.1 after the numbered ones. */
export function compareRuleIds(a: string, b: string): number {
  const pa = a.split(".");
  const pb = b.split(".");
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) {
      if (nx !== ny) return nx - ny;
    } else if (Number.isNaN(nx) !== Number.isNaN(ny)) {
      return Number.isNaN(nx) ? 1 : -1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

export function zeroCounts(): Record<Status, number> {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
}

/** Why a unit's check did not finish, or undefined when it did. */
export function unitIncompleteReason(unit: UnitReport): string | undefined {
  const stopped = unit.crawl.stoppedBy;
  if (stopped === "done" || stopped === "max-pages") return undefined;
  if (stopped === "start-failed") {
    const sites = unit.sites ?? [unit.site];
    const failed = unit.crawl.failures.find((f) => sites.includes(f.url));
    return `${failed?.url ?? unit.site} could not be fetched: ${failed?.reason ?? "unknown error"}`;
  }
  return `crawl of ${unit.site} ${stopped}`;
}

/** The report-level reason for a multi-unit report, built from its units alone (merge relies on that). */
export function unitsIncompleteReason(units: readonly UnitReport[]): string | undefined {
  const cut = units.flatMap((u) => {
    const why = unitIncompleteReason(u);
    return why ? [`${u.name} (${why})`] : [];
  });
  return cut.length ? `${cut.length} of ${units.length} unit(s) could not be checked fully: ${cut.join("; ")}` : undefined;
}

/** Short Chinese labels for statuses, for the 整改清单 formats. */
export const STATUS_ZH: Record<Status, string> = {
  present: "已公开",
  missing: "栏目缺失",
  empty: "栏目无内容",
  stale: "更新不及时",
  "document-missing": "缺少文件或要素",
  overdue: "逾期未公开",
  unreachable: "无法访问",
  manual: "需人工核查",
};

/** The reason a finding is shown with: the Chinese sentence fit for a 整改通知, else the English message. */
export function reasonOf(f: Finding): string {
  return f.evidence.reasonZh ?? f.message;
}
