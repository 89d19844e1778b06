/** Every format rendered from one report and read back the way its consumer reads it. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import ExcelJS from "exceljs";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { FORMATTERS, render } from "../src/report/index.js";
import { reportProblems } from "../src/report/read.js";
import { CSV_COLUMNS } from "../src/report/csv.js";
import { XLSX_SHEETS } from "../src/report/xlsx.js";
import { HOSTILE, SAMPLE_COUNTS, sampleReport } from "./helpers/sample-report.js";

/** RFC 4180, enough to read back what formatCsv writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(cell), (cell = "");
    else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    } else cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

test("every registered format renders the sample report", async () => {
  for (const name of Object.keys(FORMATTERS)) {
    const out = await render(name, sampleReport(), { color: false });
    assert.ok(out.length > 100, `${name} output is empty`);
  }
});

test("json validates against docs/report.schema.json, new fields included", async () => {
  const text = (await render("json", sampleReport())) as string;
  const data = JSON.parse(text);
  assert.deepEqual(reportProblems(data), []);
  assert.equal(data.units[1].findings[1].exempt.reason, "本区无政府债务，不单独设栏目");
  assert.equal(data.units[0].findings[1].baseline, "new");
  assert.deepEqual(data.units[0].findings[1].lead, ["市发展改革委"]);
  assert.equal(data.baseline.fixed.length, 1);
  // and the schema does reject what is not a report
  const broken = { ...data, units: [{ ...data.units[0], findings: [{ ...data.units[0].findings[0], baseline: "maybe" }] }] };
  assert.ok(reportProblems(broken).length > 0);
});

test("junit parses as XML: a testcase per unit × rule, problems failures, manual and exempt skipped", async () => {
  const xml = (await render("junit", sampleReport())) as string;
  assert.equal(XMLValidator.validate(xml), true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => ["testsuite", "testcase", "property"].includes(name) }).parse(xml);
  const suites = doc.testsuites.testsuite as { name: string; testcase: Record<string, unknown>[] }[];
  assert.equal(suites.length, 2);
  assert.equal(suites[1]!.name, HOSTILE.unit, "the hostile unit name survives as text");
  const cases = suites.flatMap((s) => s.testcase);
  assert.equal(cases.length, SAMPLE_COUNTS.findings);
  assert.equal(cases.filter((c) => c.failure).length, SAMPLE_COUNTS.problems);
  assert.equal(cases.filter((c) => c.skipped).length, SAMPLE_COUNTS.manual + SAMPLE_COUNTS.exemptProblems);
  assert.equal(Number(doc.testsuites.failures), SAMPLE_COUNTS.problems);
  assert.equal(Number(doc.testsuites.tests), SAMPLE_COUNTS.findings);
  const known = cases.find((c) => String(c.name).startsWith("1.2.3"))!;
  assert.match(String((known.failure as { message: string }).message), /^\[known\] empty:/);
});

test("junit drops characters XML 1.0 cannot carry", async () => {
  const report = sampleReport();
  report.units[0]!.findings[1]!.title = "bad\u0001\u000bchars\uD800";
  const xml = (await render("junit", report)) as string;
  assert.equal(XMLValidator.validate(xml), true);
  assert.match(xml, /badchars/);
});

test("csv starts with a UTF-8 BOM and lists every problem with the 整改清单 columns", async () => {
  const text = (await render("csv", sampleReport())) as string;
  assert.equal(text.charCodeAt(0), 0xfeff);
  const rows = parseCsv(text.slice(1));
  const header: string[] = rows[0]!;
  assert.deepEqual([...header], [...CSV_COLUMNS]);
  for (const required of ["unit", "rule", "measure", "path", "status", "evidence_url", "lead_unit", "deadline", "reason"]) assert.ok(header.includes(required), required);
  const body = rows.slice(1);
  assert.equal(body.length, SAMPLE_COUNTS.problems + SAMPLE_COUNTS.exemptProblems);
  const col = (name: string) => header.indexOf(name);
  const stale = body.find((r) => r[col("rule")] === "1.3.8")!;
  assert.equal(stale[col("measure")], HOSTILE.title, "quotes, commas and newlines round-trip");
  assert.equal(stale[col("unit")], HOSTILE.unit);
  assert.equal(stale[col("lead_unit")], "市发展改革委");
  assert.equal(stale[col("deadline")], "2021年6月底前 (2021-06-30)");
  const formula = body.find((r) => r[col("rule")] === "1.4.4")!;
  assert.equal(formula[col("measure")], `'${HOSTILE.formula}`, "a leading = cannot become a formula in Excel");
  const exempt = body.find((r) => r[col("rule")] === "1.3.7")!;
  assert.equal(exempt[col("exempt_reason")], "本区无政府债务，不单独设栏目");
  assert.equal(body.find((r) => r[col("rule")] === "1.2.1")![col("baseline")], "new");
});

test("xlsx reads back with exceljs: a sheet per view, the rows and links in place", async () => {
  const bytes = (await render("xlsx", sampleReport())) as Uint8Array;
  assert.ok(bytes instanceof Uint8Array);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  assert.deepEqual(book.worksheets.map((w) => w.name), [XLSX_SHEETS.summary, XLSX_SHEETS.rules, XLSX_SHEETS.problems, XLSX_SHEETS.all, XLSX_SHEETS.fixed, XLSX_SHEETS.about]);
  const summary = book.getWorksheet(XLSX_SHEETS.summary)!;
  assert.equal(summary.getCell("A2").value, "市发展改革委");
  assert.equal(summary.getCell("A3").value, HOSTILE.unit);
  assert.equal(summary.rowCount, 4, "header, two units, total");
  const problems = book.getWorksheet(XLSX_SHEETS.problems)!;
  assert.equal(problems.rowCount, 1 + SAMPLE_COUNTS.problems + SAMPLE_COUNTS.exemptProblems);
  assert.equal(problems.getCell("A1").value, "单位");
  const all = book.getWorksheet(XLSX_SHEETS.all)!;
  assert.equal(all.rowCount, 1 + SAMPLE_COUNTS.findings);
  const header = (all.getRow(1).values as unknown[]).slice(1);
  const evidenceCol = header.indexOf("证据链接") + 1;
  const links = [];
  for (let r = 2; r <= all.rowCount; r++) links.push(all.getRow(r).getCell(evidenceCol).value);
  assert.ok(links.some((v) => typeof v === "object" && v !== null && (v as { hyperlink?: string }).hyperlink === "https://www.example.gov.cn/zwgk/1.1.1/"));
  assert.ok(links.includes(HOSTILE.jsUrl), "a javascript: URL stays plain text");
  const formulaRow = (problems.getSheetValues() as unknown[][]).find((row) => row?.includes(HOSTILE.formula));
  assert.ok(formulaRow, "titles are stored as text, not formulas");
  const rules = book.getWorksheet(XLSX_SHEETS.rules)!;
  assert.ok((rules.getSheetValues() as unknown[][]).some((row) => row?.[1] === "1.2.1" && String(row[7]).includes("市发展改革委")));
});

test("html is one self-contained file and escapes every crawled string", async () => {
  const html = (await render("html", sampleReport())) as string;
  assert.equal((html.match(/<script\b/g) ?? []).length, 1, "only zwgk's own script");
  assert.ok(!html.includes(`<script>alert`));
  assert.ok(html.includes("&lt;script&gt;alert(&quot;unit&quot;)&lt;/script&gt;区"));
  assert.ok(html.includes("栏目“&lt;script&gt;”无法访问"));
  assert.ok(!/href="javascript:/i.test(html), "javascript: URLs never become links");
  assert.ok(!/(src|href)="(https?:)?\/\/(?!u\d|www\.example)/.test(html), "nothing loads from the network");
  const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
  const hash = createHash("sha256").update(script).digest("base64");
  assert.ok(html.includes(`script-src 'sha256-${hash}'`), "the CSP allows exactly this script");
  for (const id of ["summary", "rules", "findings", "fixed"]) assert.ok(html.includes(`id="${id}"`), id);
  assert.equal((html.match(/<tr data-unit=/g) ?? []).length, SAMPLE_COUNTS.findings);
  assert.ok(html.includes(`data-filter="unit"`) && html.includes(`data-filter="status"`) && html.includes(`data-filter="rule"`));
});

test("md is a job summary: tables keep their columns whatever the strings hold", async () => {
  const md = (await render("md", sampleReport())) as string;
  assert.ok(!md.includes("<script>"));
  assert.ok(md.includes("&lt;script&gt;"));
  const tableRows = md.split("\n").filter((l) => l.startsWith("| "));
  const cells = (line: string) => line.split(/(?<!\\)\|/).length - 2;
  // 11 summary columns (unit, 8 statuses, exempt, new), 4 per-rule, 5 fixed, 6 per-unit detail
  for (const line of tableRows) assert.ok([4, 5, 6, 11].includes(cells(line)), `row with ${cells(line)} cells: ${line}`);
  assert.match(md, /### Summary by unit/);
  assert.match(md, /### Problems by rule/);
  assert.match(md, /### Fixed since the baseline \(1\)/);
  assert.match(md, /\*\*6 problem\(s\)\*\*, \*\*3 new\*\*/);
});

test("text: colour only when asked, problems before the summary, exempt shown as exempt", async () => {
  const plain = (await render("text", sampleReport(), { color: false })) as string;
  const coloured = (await render("text", sampleReport(), { color: true })) as string;
  assert.ok(!/\u001b\[/.test(plain));
  assert.ok(/\u001b\[/.test(coloured));
  const firstProblem = plain.indexOf("1.2.1");
  const summary = plain.indexOf("Summary by unit");
  assert.ok(firstProblem > 0 && summary > firstProblem, "problems first, then the summary");
  assert.match(plain, /Exempt \(registry exemptions; never fail the run\)[\s\S]*1\.3\.7[\s\S]*exempt: 本区无政府债务/);
  assert.match(plain, /Problems by rule/);
  assert.match(plain, /1\.2\.1 +规则1\.2\.1的贯彻举措 \[new\]/);
  assert.match(plain, /Fixed since the baseline \(1\)/);
});

test("the national verdict: a column of the summary in every format, a JUnit testcase", async () => {
  const report = sampleReport();
  report.units[0]!.verdict = { result: "不合格", passed: false, score: 72, passScore: 80, vetoes: [], deductions: [], reasons: ["扣分后得分72，低于80分"], notAssessed: [] };
  report.units[1]!.verdict = { result: "合格", passed: true, score: 95, passScore: 80, vetoes: [], deductions: [], reasons: [], notAssessed: [] };
  assert.match((await render("text", report)) as string, /市发展改革委 +1 +1 .*不合格 72/);
  assert.match((await render("md", report)) as string, /\| 市发展改革委 \| 1 \| 1 \|.*\| 不合格 72 \|/);
  assert.match((await render("html", report)) as string, /<td class="s-missing">不合格 72<\/td>/);
  const xml = (await render("junit", report)) as string;
  assert.equal(XMLValidator.validate(xml), true);
  assert.match(xml, /name="national verdict 国家检查指标" time="0">\s*<failure message="不合格 72\/100" type="verdict">扣分后得分72，低于80分<\/failure>/);
  assert.match(xml, /<testsuites [^>]*tests="12" failures="7"/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from((await render("xlsx", report)) as Uint8Array) as unknown as ArrayBuffer);
  const summary = book.getWorksheet(XLSX_SHEETS.summary)!;
  const verdictCol = (summary.getRow(1).values as unknown[]).indexOf("国家检查 verdict");
  assert.equal(summary.getRow(2).getCell(verdictCol).value, "不合格 72");
});
