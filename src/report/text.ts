/**
 * The terminal report: per unit, problems first, then what is present, manual and exempt
 * items; then, for several units, the summary table and the per-rule view.
 */
import { Chalk, type ChalkInstance } from "chalk";
import { verdictLines } from "./verdict-text.js";
import { isProblem, ruleRows, totalRow, unitRows, verdictCell, type UnitRow } from "./summary.js";
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

export function formatText(input: Report, options: TextOptions = {}): string {
  const report = terminalSafe(input);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  out.push(c.bold(`zwgk ${report.tool.version} · rulebook ${report.rulebook.id} ${report.rulebook.version} · as of ${report.asOf}`));
  if (report.registry) out.push(c.dim(`units from ${report.registry.file}${report.registry.example ? " (an EXAMPLE registry: site addresses unverified)" : ""}${report.shard ? ` · shard ${report.shard.index}/${report.shard.total}` : ""}`));
  if (report.baseline) out.push(c.dim(`compared with ${report.baseline.file} (as of ${report.baseline.asOf}): ${report.baseline.new} new, ${report.baseline.known} known, ${report.baseline.fixed.length} fixed`));
  if (!report.complete) out.push(c.yellow(`INCOMPLETE: ${report.incompleteReason ?? "the check did not finish"}`));
  for (const unit of report.units) out.push("", ...formatUnit(unit, c, options.showPresent ?? true));
  if (report.units.length > 1) out.push("", ...summaryTable(report, c), "", ...ruleView(report, c));
  if (report.baseline?.fixed.length) {
    out.push("", c.bold(`Fixed since the baseline (${report.baseline.fixed.length})`));
    for (const f of report.baseline.fixed) out.push(`  ${c.green("✓")} ${f.unit}  ${pad(f.rule)} ${f.title}  ${c.dim(`${f.was} → ${f.now ?? "no longer applies"}`)}`);
  }
  if (report.units.length > 1) out.push("", c.bold("All units: ") + summaryLine(total(report.units), c));
  return out.join("\n") + "\n";
}

/**
 * Crawled text may hold control characters: an escape sequence in a column name must not
 * drive the user's terminal, and a newline must not break a one-line entry.
 */
function terminalSafe<T>(value: T): T {
  if (typeof value === "string") return value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ") as T;
  if (Array.isArray(value)) return value.map(terminalSafe) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, terminalSafe(v)])) as T;
  return value;
}

/** Display width in a terminal: CJK and full-width characters take two cells. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(ch) ? 2 : 1;
  return width;
}

function padTo(text: string, width: number, right = false): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

const SHORT: Record<Status, string> = { present: "present", missing: "missing", empty: "empty", stale: "stale", "document-missing": "doc-miss", overdue: "overdue", unreachable: "unreach", manual: "manual" };

function summaryTable(report: Report, c: ChalkInstance): string[] {
  const rows = unitRows(report);
  const withNew = report.baseline !== undefined;
  const heads = [...STATUSES.map((s) => SHORT[s]), "exempt", ...(withNew ? ["new"] : [])];
  const cells = (r: Omit<UnitRow, "unit" | "site" | "stoppedBy" | "pagesFetched">) => [...STATUSES.map((s) => String(r.counts[s])), String(r.exempt), ...(withNew ? [String(r.newProblems ?? 0)] : [])];
  const nameWidth = Math.max(4, ...rows.map((r) => displayWidth(r.unit)));
  const widths = heads.map((h) => Math.max(h.length, 3));
  const line = (name: string, values: string[]) =>
    "  " + padTo(name, nameWidth) + "  " + values.map((v, i) => {
      const cell = padTo(v, widths[i]!, true);
      const status = STATUSES[i];
      if (v === "0") return c.dim(cell);
      if (status && PROBLEM_STATUSES.includes(status)) return c.red(cell);
      if (status === "present") return c.green(cell);
      return cell;
    }).join(" ");
  const out = [c.bold("Summary by unit"), "  " + padTo("unit", nameWidth) + "  " + heads.map((h, i) => padTo(h, widths[i]!, true)).join(" ")];
  for (const r of rows) {
    const verdict = r.verdict ? "  " + (r.verdict.passed ? c.green : c.red)(verdictCell(r)) : "";
    out.push(line(r.unit, cells(r)) + verdict + (r.stoppedBy === "done" || r.stoppedBy === "max-pages" ? "" : c.yellow(`  (${r.stoppedBy})`)));
  }
  out.push(line("total", cells(totalRow(rows))));
  return out;
}

function ruleView(report: Report, c: ChalkInstance): string[] {
  const failing = ruleRows(report).filter((r) => r.failing.length);
  if (!failing.length) return [c.bold("Problems by rule: none")];
  const out = [c.bold(`Problems by rule (${failing.length} rule(s) with problems)`)];
  for (const r of failing) {
    out.push(`  ${pad(r.rule)} ${r.title}  ${c.dim(`${r.failing.length}/${r.applies} unit(s)${r.lead.length ? ` · 牵头 ${r.lead.join("、")}` : ""}`)}`);
    out.push(`           ${r.failing.map((u) => `${u.unit} ${c.red(u.status)}${u.baseline === "new" ? c.magenta(" new") : ""}`).join(", ")}`);
  }
  return out;
}

function formatUnit(unit: UnitReport, c: ChalkInstance, showPresent: boolean): string[] {
  const lines: string[] = [];
  const roles = unit.roles.length ? ` [${unit.roles.join("、")}]` : "";
  lines.push(c.bold.underline(`${unit.name}${roles}`) + `  ${unit.site}`);
  const crawl = unit.crawl;
  lines.push(c.dim(`  crawled ${crawl.pagesFetched} page(s) in ${(crawl.durationMs / 1000).toFixed(1)} s, ${crawl.pagesFailed} failed, stopped: ${crawl.stoppedBy}`));
  // --ignore-robots, --insecure, Crawl-delay, truncated pages, trap guards …: how the crawl went matters to trusting it.
  for (const note of crawl.notes ?? []) lines.push(c.dim(`  note: ${note}`));
  const problems = unit.findings.filter(isProblem);
  const present = unit.findings.filter((f) => f.status === "present" && !f.exempt);
  const manual = unit.findings.filter((f) => f.status === "manual" && !f.exempt);
  const exempt = unit.findings.filter((f) => f.exempt);
  if (problems.length) lines.push("", c.bold("  Problems"), ...problems.flatMap((f) => finding(f, c)));
  if (showPresent && present.length) lines.push("", c.bold("  Present"), ...present.flatMap((f) => finding(f, c)));
  if (manual.length) lines.push("", c.bold("  Manual checks (not verifiable from the website)"), ...manual.map((f) => `  ${c.dim(MARK.manual)} ${pad(f.rule)} ${f.title}`));
  if (exempt.length) lines.push("", c.bold("  Exempt (registry exemptions; never fail the run)"), ...exempt.map((f) => `  ${c.dim("⊘")} ${c.dim(f.status.padEnd(16))} ${pad(f.rule)} ${f.title}\n${" ".repeat(28)}${c.dim(`exempt: ${f.exempt!.reason}`)}`));
  if (crawl.failures.length) {
    lines.push("", c.bold(`  Could not fetch (${crawl.failures.length})`));
    for (const f of crawl.failures.slice(0, 20)) lines.push(`    ${f.url}  ${c.yellow(f.reason)}`);
    if (crawl.failures.length > 20) lines.push(`    … and ${crawl.failures.length - 20} more (see the JSON report)`);
  }
  if (unit.verdict) lines.push(...verdictLines(unit.verdict, c));
  lines.push("", "  " + summaryLine(unit.summary, c));
  return lines;
}

function finding(f: Finding, c: ChalkInstance): string[] {
  const colour = f.status === "present" ? c.green : f.status === "unreachable" ? c.yellow : f.severity === "error" ? c.red : c.yellow;
  const mark = f.baseline === "new" ? c.magenta(" [new]") : f.baseline === "known" ? c.dim(" [known]") : "";
  const head = `  ${colour(MARK[f.status])} ${colour(f.status.padEnd(16))} ${pad(f.rule)} ${f.title}${mark}`;
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
