/**
 * Markdown for a CI job summary ($GITHUB_STEP_SUMMARY) or a merge-request note: the summary
 * table, the per-rule view, what the baseline says is fixed, then each unit's problems in a
 * collapsed block. GitHub refuses step summaries over 1 MiB, so the per-unit detail is the
 * first thing dropped when a large registry would overflow it.
 */
import { isProblem, reasonOf, ruleRows, STATUS_ZH, totalRow, unitRows, verdictCell } from "./summary.js";
import { STATUSES, type Report, type UnitReport } from "./types.js";
import { verdictRows } from "./verdict-rows.js";

const LIMIT_BYTES = 900 * 1024;

export function formatMarkdown(report: Report): string {
  const head = header(report);
  const tables = [...summaryTable(report), "", ...ruleTable(report), ...fixedList(report), ...verdictSection(report)];
  const details = report.units.flatMap(unitDetails);
  const full = [...head, "", ...tables, "", ...details].join("\n") + "\n";
  if (Buffer.byteLength(full) <= LIMIT_BYTES) return full;
  return [...head, "", ...tables, "", `_Per-unit details left out to stay under GitHub's 1 MiB summary limit; see the HTML or CSV report._`].join("\n") + "\n";
}

/** The national inspection verdict (国办秘函〔2019〕19号), its own section: one row per unit × indicator. */
function verdictSection(report: Report): string[] {
  const rows = verdictRows(report);
  if (!rows.length) return [];
  const out = ["", "### 国家检查指标 National inspection verdict", "", "| unit | verdict | indicator | kind | outcome | reason |", "| --- | --- | --- | --- | --- | --- |"];
  for (const r of rows) out.push(`| ${esc(r.unit)} | ${r.result} ${r.score} | ${esc(r.name)} | ${r.kind} | ${r.against ? `**${r.outcome}**` : r.outcome} | ${esc(r.reason)} |`);
  return out;
}

function header(report: Report): string[] {
  const rows = unitRows(report);
  const total = totalRow(rows);
  const out = [`## zwgk · ${esc(report.rulebook.title || report.rulebook.id)}`, ""];
  const facts = [`rulebook \`${code(report.rulebook.id)}\` ${esc(report.rulebook.version)}`, `as of ${esc(report.asOf)}`, `${report.units.length} unit(s)`];
  if (report.shard) facts.push(`shard ${report.shard.index}/${report.shard.total}`);
  out.push(facts.join(" · "));
  out.push("");
  const problems = `**${total.problems} problem(s)**${total.newProblems !== undefined ? `, **${total.newProblems} new**` : ""}`;
  out.push(`${problems} · ${total.exempt} exempt · ${total.counts.manual} manual · ${total.counts.present} present`);
  if (report.registry?.example) out.push("", `> [!NOTE]\n> Units from an example registry (${esc(report.registry.file)}): its site addresses are illustrations, not verified.`);
  if (report.baseline) out.push("", `Compared with \`${code(report.baseline.file)}\` (as of ${esc(report.baseline.asOf)}): ${report.baseline.new} new, ${report.baseline.known} known, ${report.baseline.fixed.length} fixed.`);
  if (!report.complete) out.push("", `> [!WARNING]\n> **Incomplete:** ${esc(report.incompleteReason ?? "the check did not finish")}`);
  return out;
}

function summaryTable(report: Report): string[] {
  const rows = unitRows(report);
  const withNew = report.baseline !== undefined;
  const withVerdict = rows.some((r) => r.verdict);
  const heads = ["unit", ...STATUSES, "exempt", ...(withNew ? ["new"] : []), ...(withVerdict ? ["verdict"] : [])];
  const out = ["### Summary by unit", "", `| ${heads.join(" | ")} |`, `| ${heads.map((_, i) => (i ? "---:" : "---")).join(" | ")} |`];
  const cells = (r: ReturnType<typeof totalRow>) => [...STATUSES.map((s) => String(r.counts[s])), String(r.exempt), ...(withNew ? [String(r.newProblems ?? 0)] : [])];
  for (const r of rows) out.push(`| ${esc(r.unit)}${r.stoppedBy === "done" || r.stoppedBy === "max-pages" ? "" : ` ⚠️ ${r.stoppedBy}`} | ${cells(r).join(" | ")} |${withVerdict ? ` ${verdictCell(r)} |` : ""}`);
  if (rows.length > 1) out.push(`| **total** | ${cells(totalRow(rows)).map((c) => `**${c}**`).join(" | ")} |${withVerdict ? " |" : ""}`);
  return out;
}

function ruleTable(report: Report): string[] {
  const failing = ruleRows(report).filter((r) => r.failing.length);
  if (!failing.length) return ["### Problems by rule", "", "No rule has a problem."];
  const out = ["### Problems by rule", "", "| rule | measure | lead unit | failing units |", "| --- | --- | --- | --- |"];
  for (const r of failing) {
    const units = r.failing.map((u) => `${esc(u.unit)} (${u.status}${u.baseline === "new" ? ", **new**" : ""})`).join("<br>");
    out.push(`| ${esc(r.rule)} | ${esc(r.title)} | ${esc(r.lead.join("、"))} | ${r.failing.length}/${r.applies}: ${units} |`);
  }
  return out;
}

function fixedList(report: Report): string[] {
  if (!report.baseline?.fixed.length) return [];
  const out = ["", `### Fixed since the baseline (${report.baseline.fixed.length})`, "", "| unit | rule | measure | was | now |", "| --- | --- | --- | --- | --- |"];
  for (const f of report.baseline.fixed) out.push(`| ${esc(f.unit)} | ${esc(f.rule)} | ${esc(f.title)} | ${f.was} | ${f.now ?? "no longer applies"} |`);
  return out;
}

function unitDetails(unit: UnitReport): string[] {
  const problems = unit.findings.filter(isProblem);
  const exempt = unit.findings.filter((f) => f.exempt);
  if (!problems.length && !exempt.length) return [];
  const out = ["<details>", `<summary>${esc(unit.name)}: ${problems.length} problem(s)${exempt.length ? `, ${exempt.length} exempt` : ""}</summary>`, ""];
  out.push(`Site: ${link(unit.site, unit.site)}`, "");
  out.push("| rule | status | measure | path | evidence | reason |", "| --- | --- | --- | --- | --- | --- |");
  for (const f of [...problems, ...exempt]) {
    const status = f.exempt ? `${f.status} (exempt: ${esc(f.exempt.reason)})` : `${f.status}${f.baseline === "new" ? " **new**" : ""}`;
    out.push(`| ${esc(f.rule)} | ${status} | ${esc(f.title)} | ${esc(f.path.join(" → "))} | ${f.url ? link("link", f.url) : ""} | ${esc(STATUS_ZH[f.status])}: ${esc(reasonOf(f))} |`);
  }
  out.push("", "</details>", "");
  return out;
}

/** Text in a table cell or line: no HTML, no Markdown syntax, no line breaks, no pipes. */
export function esc(value: string): string {
  return value
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]{}()#+!|~])/g, "\\$1");
}

function code(value: string): string {
  return value.replace(/[`\r\n]/g, "");
}

function link(text: string, url: string): string {
  let safe: URL;
  try {
    safe = new URL(url);
  } catch {
    return esc(url);
  }
  if (safe.protocol !== "http:" && safe.protocol !== "https:") return esc(url);
  return `[${esc(text)}](${safe.href.replace(/[()<> ]/g, (c) => encodeURIComponent(c))})`;
}
