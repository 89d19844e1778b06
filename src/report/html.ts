/**
 * One self-contained HTML file (整改清单 to hand over, or to open from a CI artifact): the
 * summary table, the per-rule view and every finding, filterable by unit, status and rule
 * with a little inline script. It opens offline: no external CSS, fonts or scripts.
 *
 * Everything that came from a crawled site or a registry is escaped; on top of that a
 * Content-Security-Policy allows only this file's own script (by hash) and no network, so a
 * string that somehow slipped through could still not run or phone home.
 */
import { createHash } from "node:crypto";
import { isProblem, reasonOf, ruleRows, STATUS_ZH, totalRow, unitRows, verdictCell } from "./summary.js";
import { verdictRows } from "./verdict-rows.js";
import { PROBLEM_STATUSES, STATUSES, type Finding, type Report, type Status, type UnitReport } from "./types.js";

export function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
const h = escapeHtml;

/** Only http(s) links become links: a crawled `javascript:` URL stays text. */
function link(url: string | null, label?: string): string {
  if (!url) return "";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return h(url);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return h(url);
  return `<a href="${h(parsed.href)}" rel="noopener noreferrer" target="_blank">${h(label ?? url)}</a>`;
}

// Reads only data-* attributes and select values: no crawled text is ever parsed as HTML.
const SCRIPT = `
(function () {
  var selects = document.querySelectorAll("select[data-filter]");
  var onlyProblems = document.getElementById("only-problems");
  var rows = document.querySelectorAll("#findings-table tbody tr");
  var counter = document.getElementById("shown");
  function fromHash() {
    // #unit=…&status=…&rule=… : a link that opens the list of one unit (or rule) alone.
    var wanted = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) {
        try { wanted[decodeURIComponent(pair.slice(0, at))] = decodeURIComponent(pair.slice(at + 1)); } catch (e) { /* a malformed hash filters nothing */ }
      }
    });
    selects.forEach(function (s) {
      var value = wanted[s.getAttribute("data-filter")];
      if (value !== undefined && Array.prototype.some.call(s.options, function (o) { return o.value === value; })) s.value = value;
    });
    if (wanted.problems === "1") onlyProblems.checked = true;
  }
  function toHash() {
    var parts = [];
    selects.forEach(function (s) { if (s.value) parts.push(s.getAttribute("data-filter") + "=" + encodeURIComponent(s.value)); });
    if (onlyProblems.checked) parts.push("problems=1");
    if (history.replaceState) history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
  }
  function apply() {
    var want = {};
    selects.forEach(function (s) { want[s.getAttribute("data-filter")] = s.value; });
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!want.unit || row.getAttribute("data-unit") === want.unit)
        && (!want.status || row.getAttribute("data-status") === want.status)
        && (!want.rule || row.getAttribute("data-rule") === want.rule)
        && (!onlyProblems.checked || row.getAttribute("data-problem") === "1");
      row.hidden = !ok;
      if (ok) shown++;
    });
    counter.textContent = String(shown);
  }
  function changed() { apply(); toHash(); }
  selects.forEach(function (s) { s.addEventListener("change", changed); });
  onlyProblems.addEventListener("change", changed);
  document.querySelectorAll("[data-set-filter]").forEach(function (el) {
    el.addEventListener("click", function (event) {
      event.preventDefault();
      var parts = el.getAttribute("data-set-filter").split("=");
      var key = parts.shift();
      var value = parts.join("=");
      selects.forEach(function (s) { s.value = s.getAttribute("data-filter") === key ? value : ""; });
      onlyProblems.checked = false;
      changed();
      document.getElementById("findings").scrollIntoView();
    });
  });
  fromHash();
  apply();
})();
`;

const STYLE = `
body { font: 14px/1.5 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 1.5rem; color: #1f2328; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.meta { color: #59636e; }
.banner { padding: .5rem .75rem; border-radius: 6px; margin: .75rem 0; }
.incomplete { background: #fff8c5; border: 1px solid #d4a72c; } .example { background: #ddf4ff; border: 1px solid #54aeff; }
table { border-collapse: collapse; margin: .5rem 0; } th, td { border: 1px solid #d1d9e0; padding: .25rem .5rem; vertical-align: top; text-align: left; }
th { background: #f6f8fa; position: sticky; top: 0; } td.n { text-align: right; font-variant-numeric: tabular-nums; } td.zero { color: #b7bdc4; }
.s-present { color: #1a7f37; } .s-manual, .s-exempt { color: #59636e; } .s-unreachable, .s-stale, .s-overdue { color: #9a6700; }
.s-missing, .s-empty, .s-document-missing { color: #cf222e; }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 1rem; font-size: 12px; border: 1px solid currentColor; }
.new { color: #8250df; } .known { color: #59636e; }
.filters { display: flex; gap: .75rem; flex-wrap: wrap; align-items: center; margin: .5rem 0; }
tr[hidden] { display: none; } a[data-set-filter] { cursor: pointer; }
td.reason { max-width: 36rem; } td.path { max-width: 22rem; } td.evidence { max-width: 28rem; overflow-wrap: anywhere; } .small { font-size: 12px; color: #59636e; }
`;

export function formatHtml(report: Report): string {
  const script = SCRIPT;
  const hash = createHash("sha256").update(script, "utf8").digest("base64");
  const title = `zwgk · ${report.rulebook.title || report.rulebook.id} · ${report.asOf}`;
  return [
    "<!DOCTYPE html>",
    `<html lang="zh-CN">`,
    "<head>",
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'">`,
    `<meta name="generator" content="zwgk ${h(report.tool.version)}">`,
    `<title>${h(title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    ...header(report),
    ...summarySection(report),
    ...ruleSection(report),
    ...fixedSection(report),
    ...verdictSection(report),
    ...findingsSection(report),
    `<script>${script}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function header(report: Report): string[] {
  const total = totalRow(unitRows(report));
  const out = [
    `<h1>政务公开检查报告 · ${h(report.rulebook.title || report.rulebook.id)}</h1>`,
    `<p class="meta">rulebook ${h(report.rulebook.id)} ${h(report.rulebook.version)} · as of ${h(report.asOf)} · generated ${h(report.generatedAt)} by zwgk ${h(report.tool.version)} · ${report.units.length} unit(s)${report.shard ? ` · shard ${report.shard.index}/${report.shard.total}` : ""}</p>`,
    `<p><strong>${total.problems}</strong> problem(s)${total.newProblems !== undefined ? ` (<strong class="new">${total.newProblems} new</strong>)` : ""} · ${total.exempt} exempt · ${total.counts.manual} manual · ${total.counts.present} present</p>`,
  ];
  if (report.registry?.example) out.push(`<p class="banner example">Units from an <strong>example</strong> registry (${h(report.registry.file)}): site addresses are illustrations, not verified.</p>`);
  if (!report.complete) out.push(`<p class="banner incomplete"><strong>Incomplete:</strong> ${h(report.incompleteReason ?? "the check did not finish")}</p>`);
  if (report.baseline) out.push(`<p class="meta">Compared with ${h(report.baseline.file)} (as of ${h(report.baseline.asOf)}): ${report.baseline.new} new, ${report.baseline.known} known, ${report.baseline.fixed.length} fixed.</p>`);
  return out;
}

/** The national inspection verdict, its own section: one row per unit × indicator, reasons escaped like every crawled string. */
function verdictSection(report: Report): string[] {
  const rows = verdictRows(report);
  if (!rows.length) return [];
  const out = [`<h2 id="verdict">国家检查指标 National inspection verdict</h2>`, "<table>", "<thead><tr><th>单位 unit</th><th>结论 verdict</th><th>指标 indicator</th><th>类型 kind</th><th>结果 outcome</th><th>依据 reason</th></tr></thead>", "<tbody>"];
  for (const r of rows) {
    const cls = r.against ? "s-missing" : r.outcome === "未评估" ? "s-manual" : "s-present";
    out.push(`<tr><td>${h(r.unit)}</td><td>${h(`${r.result} ${r.score}`)}</td><td>${h(r.name)}</td><td>${h(r.kind)}</td><td class="${cls}">${h(r.outcome)}</td><td>${h(r.reason)}</td></tr>`);
  }
  out.push("</tbody>", "</table>");
  return out;
}

function filterLink(key: "unit" | "status" | "rule", value: string, label: string): string {
  return `<a href="#findings" data-set-filter="${h(`${key}=${value}`)}">${h(label)}</a>`;
}

function summarySection(report: Report): string[] {
  const rows = unitRows(report);
  const withNew = report.baseline !== undefined;
  const withVerdict = rows.some((r) => r.verdict);
  const num = (n: number) => `<td class="n${n ? "" : " zero"}">${n}</td>`;
  const out = [
    `<h2 id="summary">汇总 Summary by unit</h2>`,
    "<table>",
    `<thead><tr><th>单位 unit</th>${STATUSES.map((s) => `<th class="s-${s}">${h(s)}<br><span class="small">${h(STATUS_ZH[s])}</span></th>`).join("")}<th class="s-exempt">exempt<br><span class="small">豁免</span></th>${withNew ? `<th class="new">new</th>` : ""}<th>pages</th>${withVerdict ? "<th>verdict<br><span class=\"small\">国家检查</span></th>" : ""}</tr></thead>`,
    "<tbody>",
  ];
  for (const r of rows) {
    const stopped = r.stoppedBy === "done" || r.stoppedBy === "max-pages" ? "" : ` <span class="badge s-unreachable">${h(r.stoppedBy)}</span>`;
    out.push(`<tr><td>${filterLink("unit", r.unit, r.unit)}${stopped}<br><span class="small">${link(r.site)}</span></td>${STATUSES.map((s) => num(r.counts[s])).join("")}${num(r.exempt)}${withNew ? num(r.newProblems ?? 0) : ""}${num(r.pagesFetched)}${withVerdict ? `<td class="${r.verdict?.passed === false ? "s-missing" : "s-present"}">${h(verdictCell(r))}</td>` : ""}</tr>`);
  }
  const t = totalRow(rows);
  out.push("</tbody>");
  if (rows.length > 1) out.push(`<tfoot><tr><th>total</th>${STATUSES.map((s) => num(t.counts[s])).join("")}${num(t.exempt)}${withNew ? num(t.newProblems ?? 0) : ""}<td></td>${withVerdict ? "<td></td>" : ""}</tr></tfoot>`);
  out.push("</table>");
  return out;
}

function ruleSection(report: Report): string[] {
  const rows = ruleRows(report).filter((r) => r.failing.length || r.exempt.length);
  const out = [`<h2 id="rules">按规则 Problems by rule</h2>`];
  if (!rows.length) return [...out, "<p>No rule has a problem.</p>"];
  out.push("<table>", "<thead><tr><th>rule</th><th>贯彻举措 measure</th><th>牵头单位 lead</th><th>时限 deadline</th><th>failing</th><th>units with a problem</th></tr></thead>", "<tbody>");
  for (const r of rows) {
    const units = [
      ...r.failing.map((u) => `${filterLink("unit", u.unit, u.unit)} <span class="s-${h(u.status)}">${h(u.status)}</span>${u.baseline === "new" ? ` <span class="badge new">new</span>` : ""}`),
      ...r.exempt.map((u) => `${h(u.unit)} <span class="s-exempt">exempt</span>`),
    ].join("<br>");
    out.push(`<tr><td>${filterLink("rule", r.rule, r.rule)}</td><td>${h(r.title)}</td><td>${h(r.lead.join("、"))}</td><td>${h(r.deadline ?? "")}</td><td class="n">${r.failing.length}/${r.applies}</td><td>${units}</td></tr>`);
  }
  out.push("</tbody>", "</table>");
  return out;
}

function fixedSection(report: Report): string[] {
  if (!report.baseline?.fixed.length) return [];
  const out = [`<h2 id="fixed">已整改 Fixed since the baseline</h2>`, "<table>", "<thead><tr><th>unit</th><th>rule</th><th>measure</th><th>was</th><th>now</th></tr></thead>", "<tbody>"];
  for (const f of report.baseline.fixed) out.push(`<tr><td>${h(f.unit)}</td><td>${h(f.rule)}</td><td>${h(f.title)}</td><td class="s-${h(f.was)}">${h(f.was)}</td><td>${h(f.now ?? "no longer applies")}</td></tr>`);
  out.push("</tbody>", "</table>");
  return out;
}

function findingsSection(report: Report): string[] {
  const units = report.units.map((u) => u.name);
  const rules = [...new Set(ruleRows(report).map((r) => r.rule))];
  const present = new Set<Status>(report.units.flatMap((u) => u.findings.map((f) => f.status)));
  const options = (values: string[], all: string) => [`<option value="">${h(all)}</option>`, ...values.map((v) => `<option value="${h(v)}">${h(v)}</option>`)].join("");
  const out = [
    `<h2 id="findings">整改清单 Findings</h2>`,
    `<div class="filters">`,
    `<label>unit <select data-filter="unit">${options(units, "all units")}</select></label>`,
    `<label>status <select data-filter="status">${options(STATUSES.filter((s) => present.has(s)), "all statuses")}</select></label>`,
    `<label>rule <select data-filter="rule">${options(rules, "all rules")}</select></label>`,
    `<label><input type="checkbox" id="only-problems"> problems only</label>`,
    `<span class="small"><span id="shown">${report.units.reduce((n, u) => n + u.findings.length, 0)}</span> shown</span>`,
    `</div>`,
    `<table id="findings-table">`,
    "<thead><tr><th>单位 unit</th><th>rule</th><th>贯彻举措 measure</th><th>公开路径 path</th><th>status</th><th>evidence</th><th>牵头单位 lead</th><th>时限 deadline</th><th>reason</th></tr></thead>",
    "<tbody>",
  ];
  for (const unit of report.units) for (const f of order(unit)) out.push(findingRow(unit, f));
  out.push("</tbody>", "</table>");
  return out;
}

/** Problems first within each unit, as in the text report. */
function order(unit: UnitReport): Finding[] {
  const rank = (f: Finding) => (isProblem(f) ? 0 : f.exempt ? 1 : f.status === "manual" ? 2 : 3);
  return [...unit.findings].sort((a, b) => rank(a) - rank(b));
}

function findingRow(unit: UnitReport, f: Finding): string {
  const marks = [
    f.exempt ? ` <span class="badge s-exempt" title="${h(f.exempt.reason)}">exempt</span>` : "",
    f.baseline ? ` <span class="badge ${h(f.baseline)}">${h(f.baseline)}</span>` : "",
  ].join("");
  const evidence = [
    link(f.url),
    f.evidence.breadcrumb ? `<div class="small">${h(f.evidence.breadcrumb)}</div>` : "",
    f.evidence.newestItem ? `<div class="small">newest: ${f.evidence.newestItem.url ? link(f.evidence.newestItem.url, f.evidence.newestItem.title) : h(f.evidence.newestItem.title)}${f.evidence.newestItem.date ? ` (${h(f.evidence.newestItem.date)})` : ""}</div>` : "",
  ].join("");
  const reason = [h(reasonOf(f)), f.exempt ? `<div class="small">exempt: ${h(f.exempt.reason)}</div>` : "", f.evidence.reasonZh && f.message ? `<div class="small">${h(f.message)}</div>` : ""].join("");
  const problem = PROBLEM_STATUSES.includes(f.status) && !f.exempt ? "1" : "0";
  return `<tr data-unit="${h(unit.name)}" data-status="${h(f.status)}" data-rule="${h(f.rule)}" data-problem="${problem}"><td>${h(unit.name)}</td><td>${h(f.rule)}</td><td>${h(f.title)}</td><td class="path">${h(f.path.join(" → "))}</td><td class="s-${h(f.status)}">${h(f.status)}${marks}<div class="small">${h(STATUS_ZH[f.status])}</div></td><td class="evidence">${evidence}</td><td>${h((f.lead ?? []).join("、"))}</td><td>${h(f.deadline?.text ?? "")}</td><td class="reason">${reason}</td></tr>`;
}
