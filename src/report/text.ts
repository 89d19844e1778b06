/** The terminal report: problems first, then what is present, then manual items, then a summary. */
import { Chalk, type ChalkInstance } from "chalk";
import { PROBLEM_STATUSES, STATUSES, type Finding, type Report, type Status, type UnitReport } from "./types.js";

export interface TextOptions {
  color?: boolean;
  /** List present findings too (default true). */
  showPresent?: boolean;
}

const MARK: Record<Status, string> = {
  present: "✓",
  missing: "✗",
  empty: "○",
  stale: "◷",
  "document-missing": "✗",
  overdue: "!",
  unreachable: "?",
  manual: "·",
};

export function formatText(report: Report, options: TextOptions = {}): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  out.push(c.bold(`zwgk ${report.tool.version} · rulebook ${report.rulebook.id} ${report.rulebook.version} · as of ${report.asOf}`));
  if (!report.complete) out.push(c.yellow(`INCOMPLETE: ${report.incompleteReason ?? "the check did not finish"}`));
  for (const unit of report.units) out.push("", ...formatUnit(unit, c, options.showPresent ?? true));
  if (report.units.length > 1) out.push("", c.bold("All units: ") + summaryLine(total(report.units), c));
  return out.join("\n") + "\n";
}

function formatUnit(unit: UnitReport, c: ChalkInstance, showPresent: boolean): string[] {
  const lines: string[] = [];
  const roles = unit.roles.length ? ` [${unit.roles.join("、")}]` : "";
  lines.push(c.bold.underline(`${unit.name}${roles}`) + `  ${unit.site}`);
  const crawl = unit.crawl;
  lines.push(c.dim(`  crawled ${crawl.pagesFetched} page(s) in ${(crawl.durationMs / 1000).toFixed(1)} s, ${crawl.pagesFailed} failed, stopped: ${crawl.stoppedBy}`));
  const problems = unit.findings.filter((f) => PROBLEM_STATUSES.includes(f.status));
  const present = unit.findings.filter((f) => f.status === "present");
  const manual = unit.findings.filter((f) => f.status === "manual");
  if (problems.length) lines.push("", c.bold("  Problems"), ...problems.flatMap((f) => finding(f, c)));
  if (showPresent && present.length) lines.push("", c.bold("  Present"), ...present.flatMap((f) => finding(f, c)));
  if (manual.length) lines.push("", c.bold("  Manual checks (not verifiable from the website)"), ...manual.map((f) => `  ${c.dim(MARK.manual)} ${pad(f.rule)} ${f.title}`));
  if (crawl.failures.length) {
    lines.push("", c.bold(`  Could not fetch (${crawl.failures.length})`));
    for (const f of crawl.failures.slice(0, 20)) lines.push(`    ${f.url}  ${c.yellow(f.reason)}`);
    if (crawl.failures.length > 20) lines.push(`    … and ${crawl.failures.length - 20} more (see the JSON report)`);
  }
  lines.push("", "  " + summaryLine(unit.summary, c));
  return lines;
}

function finding(f: Finding, c: ChalkInstance): string[] {
  const colour = f.status === "present" ? c.green : f.status === "unreachable" ? c.yellow : f.severity === "error" ? c.red : c.yellow;
  const head = `  ${colour(MARK[f.status])} ${colour(f.status.padEnd(16))} ${pad(f.rule)} ${f.title}`;
  const lines = [head];
  if (f.path.length) lines.push(c.dim(`${" ".repeat(28)}${f.path.join(" > ")}`));
  const detail = f.evidence.reasonZh ?? f.message;
  lines.push(`${" ".repeat(28)}${detail}${f.url ? "  " + c.cyan(f.url) : ""}`);
  return lines;
}

function pad(id: string): string {
  return id.padEnd(8);
}

function total(units: UnitReport[]): Record<Status, number> {
  const sum = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const u of units) for (const s of STATUSES) sum[s] += u.summary[s];
  return sum;
}

function summaryLine(summary: Record<Status, number>, c: ChalkInstance): string {
  return STATUSES.filter((s) => summary[s] > 0)
    .map((s) => {
      const text = `${summary[s]} ${s}`;
      return s === "present" ? c.green(text) : PROBLEM_STATUSES.includes(s) ? c.red(text) : c.dim(text);
    })
    .join(", ");
}
