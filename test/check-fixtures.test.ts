/** End to end: the fixture sites, the slice rulebook, the report contract. */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv } from "ajv";
import { serveFixtureSite, type FixtureSite } from "../scripts/fixture-server.js";
import type { Report, Finding } from "../src/report/types.js";
import { repoRoot, runCli } from "./helpers/cli.js";

const slice = "fixtures/rules/slice.yaml";
let fgw: FixtureSite;
let qx: FixtureSite;
let fgwReport: Report;
let qxReport: Report;

before(async () => {
  fgw = await serveFixtureSite("fgw");
  qx = await serveFixtureSite("qx");
  const a = await runCli(["check", fgw.url, "--unit", "市发展改革委", "--rules", slice, "--as-of", "2026-11-26", "--interval", "0", "--format", "json"]);
  const b = await runCli(["check", qx.url, "--role", "区县政府", "--rules", slice, "--as-of", "2026-11-26", "--interval", "0", "--format", "json"]);
  assert.equal(a.code, 1, a.stderr);
  assert.equal(b.code, 1, b.stderr);
  fgwReport = JSON.parse(a.stdout) as Report;
  qxReport = JSON.parse(b.stdout) as Report;
});
after(async () => {
  await fgw.close();
  await qx.close();
});

const byRule = (r: Report) => new Map<string, Finding>(r.units[0]!.findings.map((f) => [f.rule, f]));

test("the UTF-8 市政府部门 site: every rule for the unit, each with its status", () => {
  const f = byRule(fgwReport);
  const statuses = Object.fromEntries([...f].map(([id, x]) => [id, x.status]));
  // Lists dated 2021–2022 are past their freshness windows as of 2026-11-26: stale, not present
  // (the default windows by kind of column, or the rule's own; docs/content-checks.md).
  assert.deepEqual(statuses, {
    "1.1.1": "stale",
    "1.1.3": "empty",
    "1.2.1": "stale",
    "1.2.3": "missing",
    "1.3.2": "present",
    "2.2.5": "stale",
    "2.1.2": "missing",
    "2.4.2": "present",
    "2.3.1": "manual",
  });
  assert.equal(f.get("1.1.1")!.url, `${fgw.url}zwgk/fdzdgknr/ghxx/gmjjhshfzgh/index.html`, "a found column carries its URL as evidence");
  assert.equal(f.get("1.1.1")!.evidence.breadcrumb, "首页 > 政务公开 > 法定主动公开内容 > 规划信息 > 国民经济和社会发展规划");
  assert.equal(f.get("1.1.3")!.evidence.emptyMarker, "暂无信息");
  assert.equal(f.get("1.3.2")!.evidence.siteName, "财政预决算", "matched through the alias 财政预决算 ≈ 预算/决算");
  assert.equal(f.get("2.4.2")!.url, `${fgw.url}zwgk/fdzdgknr/jgjj/lxwm/index.html`);
});

test("a page whose body merely mentions a column is not that column", () => {
  // t20210630_701.html's text names 建设高标准市场体系 and the commented-out menu links to it.
  const f = byRule(fgwReport).get("1.2.3")!;
  assert.equal(f.status, "missing");
  assert.equal(f.url, null);
});

test("the GBK 区县政府 site (charset only in <meta>): aliases, sub-columns, empty, alternatives", () => {
  const f = byRule(qxReport);
  const statuses = Object.fromEntries([...f].map(([id, x]) => [id, x.status]));
  assert.deepEqual(statuses, {
    "1.1.5": "stale",
    "1.1.9": "stale",
    "1.2.2": "stale",
    "1.2.3": "missing",
    "1.3.7": "empty",
    "1.3.8": "present",
    "1.4.4": "present",
    "2.2.5": "missing",
    "2.4.2": "missing",
    "2.3.1": "manual",
    "4.3.11": "stale",
  });
  assert.deepEqual(f.get("1.1.9")!.evidence.children, ["国民经济和社会发展规划"], "a parent column is satisfied by its children");
  assert.equal(f.get("1.1.5")!.evidence.breadcrumb, "首页 > 政务公开 > 主动公开内容 > 规划信息 > 国民经济和社会发展规划", "GBK text decoded");
  assert.deepEqual(f.get("1.4.4")!.path, ["政务公开", "政府信息公开目录", "疫情防控", "重要政策"], "path is the matched alternative as written");
  assert.equal(f.get("1.3.7")!.evidence.emptyMarker, "暂无数据");
  assert.deepEqual(qxReport.units[0]!.roles.sort(), ["区县政府", "门户网站主办单位"].sort(), "a 区县政府 holds 门户网站主办单位 too");
});

test("the JSON report follows docs/report.schema.json and DESIGN.md §5", () => {
  const schema = JSON.parse(readFileSync(resolve(repoRoot, "docs", "report.schema.json"), "utf8")) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  for (const report of [fgwReport, qxReport]) {
    assert.ok(validate(report), JSON.stringify(validate.errors));
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.complete, true);
    assert.equal(report.asOf, "2026-11-26");
    assert.equal(report.rulebook.id, "cq-2021-slice");
    assert.match(report.rulebook.sha256, /^[0-9a-f]{64}$/);
    for (const f of report.units[0]!.findings) assert.ok(f.message && f.title && f.severity, f.rule);
  }
  const u = fgwReport.units[0]!;
  assert.equal(u.summary.present, 2);
  assert.equal(u.summary.stale, 3);
  assert.equal(u.crawl.stoppedBy, "done");
});

test("navigation first: article pages are not fetched to judge columns", () => {
  const articleHits = [...fgw.hits.keys()].filter((p) => /\/t\d{8}_\d+\.html$/.test(p));
  assert.deepEqual(articleHits, [], "no article (t2021…html) page was requested");
  assert.ok(fgwReport.units[0]!.crawl.pagesFetched >= 15, "the column pages were");
});
