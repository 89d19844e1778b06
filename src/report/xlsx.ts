/**
 * The 整改清单 as an Excel workbook, a sheet per view: 汇总 (unit × status), 按规则 (which
 * units fail each rule), 整改清单 (every problem, the list to hand to each unit), 全部结果
 * (every finding), 已整改 (fixed since the baseline, when there is one) and 说明 (what was
 * checked). exceljs is loaded only when this format is asked for: it is the heaviest
 * dependency and most runs never need it.
 */
import type { Workbook, Worksheet } from "exceljs";
import { rectificationRows } from "./csv.js";
import { reasonOf, ruleRows, STATUS_ZH, totalRow, unitRows, verdictCell } from "./summary.js";
import { verdictRows } from "./verdict-rows.js";
import { STATUSES, type Report } from "./types.js";

export const XLSX_SHEETS = { summary: "汇总", rules: "按规则", problems: "整改清单", all: "全部结果", fixed: "已整改", verdict: "国家检查", about: "说明" } as const;

export async function formatXlsx(report: Report): Promise<Uint8Array> {
  const { default: ExcelJS } = await import("exceljs");
  const book: Workbook = new ExcelJS.Workbook();
  book.creator = `zwgk ${report.tool.version}`;
  // Fixed, not the clock: the same report gives the same workbook contents.
  book.created = book.modified = new Date(report.generatedAt);

  summarySheet(book, report);
  rulesSheet(book, report);
  problemsSheet(book, report);
  allSheet(book, report);
  if (report.baseline) fixedSheet(book, report);
  verdictSheet(book, report);
  aboutSheet(book, report);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** 国家检查: the national verdict, one row per unit × indicator (only when the report has verdicts). */
function verdictSheet(book: Workbook, report: Report): void {
  const rows = verdictRows(report);
  if (!rows.length) return;
  const ws = sheet(book, XLSX_SHEETS.verdict, [
    { header: "单位 unit", key: "unit", width: 20 },
    { header: "结论 verdict", key: "verdict", width: 12 },
    { header: "指标 indicator", key: "name", width: 34 },
    { header: "类型 kind", key: "kind", width: 10 },
    { header: "结果 outcome", key: "outcome", width: 10 },
    { header: "依据 reason", key: "reason", width: 80 },
  ]);
  for (const r of rows) ws.addRow({ unit: r.unit, verdict: `${r.result} ${r.score}`, name: r.name, kind: r.kind, outcome: r.outcome, reason: r.reason });
}

function sheet(book: Workbook, name: string, columns: { header: string; key: string; width: number }[]): Worksheet {
  const ws = book.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = columns;
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

/** Only http(s) evidence becomes a clickable link. */
function linkCell(url: string | null): string | { text: string; hyperlink: string } {
  if (!url) return "";
  try {
    const u = new URL(url);
    if (u.protocol === "http:" || u.protocol === "https:") return { text: url, hyperlink: u.href };
  } catch {
    // not a URL: plain text
  }
  return url;
}

function summarySheet(book: Workbook, report: Report): void {
  const withNew = report.baseline !== undefined;
  const ws = sheet(book, XLSX_SHEETS.summary, [
    { header: "单位", key: "unit", width: 24 },
    ...STATUSES.map((s) => ({ header: `${STATUS_ZH[s]} ${s}`, key: s, width: 12 })),
    { header: "豁免 exempt", key: "exempt", width: 10 },
    ...(withNew ? [{ header: "新增 new", key: "new", width: 10 }] : []),
    { header: "网站", key: "site", width: 36 },
    { header: "抓取页数", key: "pages", width: 10 },
    { header: "抓取结束", key: "stoppedBy", width: 12 },
    { header: "国家检查 verdict", key: "verdict", width: 14 },
  ]);
  const rows = unitRows(report);
  for (const r of rows) {
    ws.addRow({ unit: r.unit, ...r.counts, exempt: r.exempt, ...(withNew ? { new: r.newProblems ?? 0 } : {}), site: linkCell(r.site), pages: r.pagesFetched, stoppedBy: r.stoppedBy, verdict: verdictCell(r) });
  }
  const t = totalRow(rows);
  const total = ws.addRow({ unit: "合计 total", ...t.counts, exempt: t.exempt, ...(withNew ? { new: t.newProblems ?? 0 } : {}) });
  total.font = { bold: true };
}

function rulesSheet(book: Workbook, report: Report): void {
  const ws = sheet(book, XLSX_SHEETS.rules, [
    { header: "规则编号", key: "rule", width: 10 },
    { header: "贯彻举措", key: "title", width: 50 },
    { header: "牵头单位", key: "lead", width: 16 },
    { header: "完成时限", key: "deadline", width: 16 },
    { header: "适用单位数", key: "applies", width: 10 },
    { header: "问题单位数", key: "failing", width: 10 },
    { header: "问题单位", key: "units", width: 60 },
    { header: "豁免单位", key: "exempt", width: 30 },
  ]);
  for (const r of ruleRows(report)) {
    ws.addRow({
      rule: r.rule,
      title: r.title,
      lead: r.lead.join("、"),
      deadline: r.deadline ?? "",
      applies: r.applies,
      failing: r.failing.length,
      units: r.failing.map((u) => `${u.unit}（${STATUS_ZH[u.status]}${u.baseline === "new" ? "，新增" : ""}）`).join("；"),
      exempt: r.exempt.map((u) => u.unit).join("；"),
    });
  }
}

const FINDING_COLUMNS = [
  { header: "单位", key: "unit", width: 20 },
  { header: "规则编号", key: "rule", width: 10 },
  { header: "贯彻举措", key: "measure", width: 44 },
  { header: "公开路径", key: "path", width: 40 },
  { header: "状态", key: "status_zh", width: 14 },
  { header: "status", key: "status", width: 16 },
  { header: "证据链接", key: "evidence_url", width: 40 },
  { header: "牵头单位", key: "lead_unit", width: 16 },
  { header: "完成时限", key: "deadline", width: 16 },
  { header: "原因", key: "reason", width: 50 },
  { header: "豁免理由", key: "exempt_reason", width: 24 },
  { header: "基线 baseline", key: "baseline", width: 10 },
];

function problemsSheet(book: Workbook, report: Report): void {
  const ws = sheet(book, XLSX_SHEETS.problems, FINDING_COLUMNS);
  for (const r of rectificationRows(report)) ws.addRow({ ...r, evidence_url: linkCell(r.evidence_url || null) });
}

function allSheet(book: Workbook, report: Report): void {
  const ws = sheet(book, XLSX_SHEETS.all, FINDING_COLUMNS);
  for (const unit of report.units) {
    for (const f of unit.findings) {
      ws.addRow({
        unit: unit.name,
        rule: f.rule,
        measure: f.title,
        path: f.path.join(" → "),
        status_zh: STATUS_ZH[f.status],
        status: f.status,
        evidence_url: linkCell(f.url),
        lead_unit: (f.lead ?? []).join("、"),
        deadline: f.deadline?.text ?? "",
        reason: reasonOf(f),
        exempt_reason: f.exempt?.reason ?? "",
        baseline: f.baseline ?? "",
      });
    }
  }
}

function fixedSheet(book: Workbook, report: Report): void {
  const ws = sheet(book, XLSX_SHEETS.fixed, [
    { header: "单位", key: "unit", width: 20 },
    { header: "规则编号", key: "rule", width: 10 },
    { header: "贯彻举措", key: "title", width: 50 },
    { header: "原状态 was", key: "was", width: 16 },
    { header: "现状态 now", key: "now", width: 16 },
  ]);
  for (const f of report.baseline!.fixed) ws.addRow({ ...f, now: f.now ?? "不再适用 no longer applies" });
}

function aboutSheet(book: Workbook, report: Report): void {
  const ws = book.addWorksheet(XLSX_SHEETS.about);
  ws.columns = [
    { key: "k", width: 16 },
    { key: "v", width: 80 },
  ];
  const rows: [string, string][] = [
    ["规则库 rulebook", `${report.rulebook.title} (${report.rulebook.id} ${report.rulebook.version})`],
    ["判定日期 as of", report.asOf],
    ["生成时间 generated", report.generatedAt],
    ["工具 tool", `zwgk ${report.tool.version}`],
    ["完整 complete", report.complete ? "是 yes" : `否 no: ${report.incompleteReason ?? ""}`],
  ];
  if (report.registry) rows.push(["单位名录 registry", `${report.registry.file}${report.registry.example ? "（示例，网址未经核实 example, unverified）" : ""}`]);
  if (report.shard) rows.push(["分片 shard", `${report.shard.index}/${report.shard.total}`]);
  if (report.baseline) rows.push(["基线 baseline", `${report.baseline.file} (as of ${report.baseline.asOf}): ${report.baseline.new} new, ${report.baseline.known} known, ${report.baseline.fixed.length} fixed`]);
  for (const [k, v] of rows) ws.addRow({ k, v });
  ws.getColumn(1).font = { bold: true };
}
