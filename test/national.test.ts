/** The national inspection indicators (国办秘函〔2019〕19号): each veto at its threshold edge, deductions, the verdict. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Ajv } from "ajv";
import type { Report } from "../src/report/types.js";
import type { IndicatorResult } from "../src/national/indicators.js";
import { readSiteMarks } from "../src/site/marks.js";
import { coversSpan, workingDaysBetween, isWorkingDay } from "../src/national/workdays.js";
import { availability, type ProbeSample } from "../src/national/probe.js";
import { page, serveSite } from "./helpers/synthetic-site.js";
import { repoRoot, runCli } from "./helpers/cli.js";

const AS_OF = "2026-11-26";
const daysBefore = (n: number) => new Date(Date.parse(AS_OF + "T00:00:00Z") - n * 86_400_000).toISOString().slice(0, 10);

/** Checks a synthetic site with the national rulebook only and returns the unit's indicators by id. */
async function verdictOf(routes: Record<string, string>, extra: string[] = []) {
  const site = await serveSite(routes);
  try {
    const r = await runCli(["check", site.url, "--rules", "rules/national-inspection.yaml", "--as-of", AS_OF, "--interval", "0", "--format", "json", ...extra]);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    const v = report.units[0]!.verdict!;
    const all = new Map<string, IndicatorResult>([...v.vetoes, ...v.deductions].map((x) => [x.id, x]));
    return { verdict: v, ind: (id: string) => all.get(id)!, code: r.code, report };
  } finally {
    await site.close();
  }
}

const NAV: [string, string][] = [["首页", "/"], ["互动交流", "/hdjl/"], ["办事服务", "/bsfw/"]];
const basePages = (homeItems: { title: string; date?: string }[]) => ({
  "/": page({ title: "首页", nav: NAV, items: homeItems }),
  "/hdjl/index.html": page({ title: "互动交流", nav: NAV, crumbs: [["首页", "/"], ["互动交流", null]], body: '<div class="content">领导信箱：请在此留言，我们将在5个工作日内答复您的咨询。</div>' }),
  "/bsfw/index.html": page({ title: "办事服务", nav: NAV, crumbs: [["首页", "/"], ["办事服务", null]], body: '<div class="content">个人办事、法人办事、办事指南、在线申报，提供政务服务一网通办。</div>' }),
});
const dated = (...ages: number[]) => ages.map((a, i) => ({ title: `示例市召开第${i + 1}次工作会议`, date: daysBefore(a) }));

test("首页不更新: newest home item 13 days old passes, 15 days old trips; undated items do not count", async () => {
  const fresh = await verdictOf(basePages(dated(13, 20, 30)));
  assert.equal(fresh.ind("home-not-updated").triggered, false);
  const stale = await verdictOf(basePages(dated(15, 20, 30)));
  assert.equal(stale.ind("home-not-updated").triggered, true);
  assert.equal(stale.verdict.result, "不合格");
  assert.match(stale.verdict.reasons.join(), /首页不更新/);
  assert.equal(stale.code, 1, "a failed verdict fails the run at --fail-on error");
  const undated = await verdictOf(basePages([{ title: "没有日期的信息一" }, { title: "没有日期的信息二" }, { title: "没有日期的信息三" }]));
  assert.equal(undated.ind("home-not-updated").triggered, true);
});

test("首页不更新: a navigation-hub home page is judged by its second-level pages", async () => {
  const routes = {
    ...basePages([]),
    "/": page({ title: "首页", nav: [...NAV, ["要闻动态", "/ywdt/"]] }),
    "/ywdt/index.html": page({ title: "要闻动态", nav: NAV, crumbs: [["首页", "/"], ["要闻动态", null]], items: dated(3, 9) }),
  };
  const r = await verdictOf(routes);
  assert.equal(r.ind("home-not-updated").triggered, false);
  assert.equal(r.ind("home-not-updated").evidence.basis, "二级页面“要闻动态”");
});

/** n columns whose names say they are dynamic news, each last updated `age` days ago. */
function newsColumns(n: number, age: number) {
  const nav: [string, string][] = [...NAV];
  const routes: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    nav.push([`部门动态${i + 1}`, `/bmdt${i}/`]);
    routes[`/bmdt${i}/index.html`] = page({ title: `部门动态${i + 1}`, crumbs: [["首页", "/"], [`部门动态${i + 1}`, null]], items: dated(age, age + 10) });
  }
  return { nav, routes };
}

test("栏目不更新: 4 stale news columns pass, 5 trip (2-week window for 动态)", async () => {
  for (const [n, trips] of [[4, false], [5, true]] as const) {
    const { nav, routes } = newsColumns(n, 20);
    const r = await verdictOf({ ...basePages(dated(1, 2, 3)), "/": page({ title: "首页", nav, items: dated(1, 2, 3) }), ...routes });
    assert.equal(r.ind("columns-not-updated").triggered, trips, `${n} stale columns`);
    assert.equal(r.ind("columns-not-updated").evidence.count, n);
  }
  const { nav, routes } = newsColumns(5, 13);
  const fresh = await verdictOf({ ...basePages(dated(1, 2, 3)), "/": page({ title: "首页", nav, items: dated(1, 2, 3) }), ...routes });
  assert.equal(fresh.ind("columns-not-updated").triggered, false, "13 days is inside the 2-week window");
});

test("空白栏目: 4 blank columns pass, 5 trip", async () => {
  for (const [n, trips] of [[4, false], [5, true]] as const) {
    const nav: [string, string][] = [...NAV];
    const routes: Record<string, string> = {};
    for (let i = 0; i < n; i++) {
      nav.push([`专题栏目${i + 1}`, `/zt${i}/`]);
      routes[`/zt${i}/index.html`] = page({ title: `专题栏目${i + 1}`, crumbs: [["首页", "/"], [`专题栏目${i + 1}`, null]], body: "<p>暂无信息</p>" });
    }
    const r = await verdictOf({ ...basePages(dated(1, 2, 3)), ...routes, "/": page({ title: "首页", nav, items: dated(1, 2, 3) }) });
    assert.equal(r.ind("blank-columns").triggered, trips, `${n} blank columns`);
    assert.equal(r.ind("blank-columns").evidence.count, n);
  }
});

test("互动回应差 and 服务不实用: no channel / no entry trips; a 办事指南 missing key elements trips", async () => {
  const bare = await verdictOf({ "/": page({ title: "首页", nav: [["首页", "/"]], items: dated(1, 2, 3) }) });
  assert.equal(bare.ind("poor-interaction").triggered, true);
  assert.equal(bare.ind("unpractical-services").triggered, true);
  const ok = await verdictOf(basePages(dated(1, 2, 3)));
  assert.equal(ok.ind("poor-interaction").triggered, false);
  assert.equal(ok.ind("unpractical-services").triggered, false);
  const guide = (elements: string) => page({ title: "不动产登记办事指南", crumbs: [["首页", "/"], ["办事服务", "/bsfw/"], ["办事指南", null]], body: `<div class="content">${elements}</div>` });
  const all = "事项名称：不动产登记 设定依据：条例 申请条件：… 办理材料：… 办理地点：… 办理机构：… 收费标准：… 办理时间：… 联系电话：… 办理流程：…";
  // The guide is linked from the service menu, as 办事指南 usually are, so the crawl fetches it.
  const withGuide = (html: string) => ({ ...basePages(dated(1, 2, 3)), "/": page({ title: "首页", nav: [...NAV, ["不动产登记办事指南", "/bsfw/zn.html"]], items: dated(1, 2, 3) }), "/bsfw/zn.html": html });
  const complete = await verdictOf(withGuide(guide(all)));
  assert.equal(complete.ind("unpractical-services").triggered, false);
  assert.equal(complete.ind("unpractical-services").evidence.guidesChecked, 1);
  const partial = await verdictOf(withGuide(guide(all.replace("收费标准：… ", "").replace("设定依据：条例 ", ""))));
  assert.equal(partial.ind("unpractical-services").triggered, true);
  assert.deepEqual((partial.ind("unpractical-services").evidence.incomplete as { missing: string[] }[])[0]!.missing, ["设定依据", "收费标准"]);
});

test("站点无法访问: failure share over the last week against 5 %, from zwgk probe's history", () => {
  const samples = (fails: number, total: number): ProbeSample[] =>
    Array.from({ length: total }, (_, i) => ({ at: `2026-11-${String(20 + (i % 7)).padStart(2, "0")}T0${i % 10}:00:00.000Z`, url: "http://x.gov.cn/", ok: i >= fails, ms: 100 }));
  assert.equal(availability(samples(1, 20), "http://x.gov.cn/", AS_OF, 7).share, 0.05);
  assert.equal(availability(samples(2, 20), "http://x.gov.cn/", AS_OF, 7).share, 0.1);
  const old: ProbeSample = { at: "2026-11-01T00:00:00.000Z", url: "http://x.gov.cn/", ok: false, ms: 15000 };
  assert.equal(availability([old, ...samples(0, 10)], "http://x.gov.cn/", AS_OF, 7).failures, 0, "samples outside the week do not count");
});

test("zwgk probe records samples to a history file; check --probe-history turns them into the veto", async () => {
  const dir = await mkdtemp(join(tmpdir(), "zwgk-probe-"));
  const history = join(dir, "history.jsonl");
  const site = await serveSite(basePages(dated(1, 2, 3)));
  try {
    const first = await runCli(["probe", site.url, "--history", history, "--rules", "rules/national-inspection.yaml"]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /0 of 1 sample\(s\) failed/);
    const lines = (await readFile(history, "utf8")).trim().split("\n");
    assert.equal(lines.length, 1);
    assert.equal((JSON.parse(lines[0]!) as ProbeSample).ok, true);
    // A week of history in which 2 of 20 probes failed: 10 % > 5 %.
    const today = new Date().toISOString().slice(0, 10);
    const bad = Array.from({ length: 19 }, (_, i) => JSON.stringify({ at: `${today}T00:00:0${i % 10}.000Z`, url: site.url, ok: i >= 2, ms: 100 })).join("\n");
    await writeFile(history, lines[0] + "\n" + bad + "\n");
    const again = await runCli(["probe", site.url, "--history", history, "--rules", "rules/national-inspection.yaml", "--no-record", "--format", "json"]);
    assert.equal(again.code, 1, "above the threshold exits 1");
    assert.equal((JSON.parse(again.stdout) as { triggered: boolean }).triggered, true);
    const r = await runCli(["check", site.url, "--rules", "rules/national-inspection.yaml", "--probe-history", history, "--interval", "0", "--format", "json"]);
    const v = (JSON.parse(r.stdout) as Report).units[0]!.verdict!;
    assert.equal(v.vetoes.find((x) => x.id === "site-unavailable")!.triggered, true);
    const missing = await runCli(["check", site.url, "--rules", "rules/national-inspection.yaml", "--probe-history", join(dir, "nope.jsonl")]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read --probe-history/);
  } finally {
    await site.close();
  }
});

test("broken links are counted separately on the home page and elsewhere", async () => {
  const r = await verdictOf({
    ...basePages(dated(1, 2, 3)),
    "/": page({ title: "首页", nav: [...NAV, ["失效链接", "/gone/"]], items: dated(1, 2, 3) }),
    "/hdjl/index.html": page({ title: "互动交流", nav: [["另一个失效链接", "/gone2/"]], crumbs: [["首页", "/"], ["互动交流", null]], body: '<div class="content">领导信箱：请在此留言咨询，我们将及时答复您提出的问题。</div>' }),
  });
  const b = r.ind("broken-links");
  assert.deepEqual((b.evidence.home as { url: string }[]).map((x) => new URL(x.url).pathname), ["/gone/"]);
  assert.deepEqual((b.evidence.other as { url: string }[]).map((x) => new URL(x.url).pathname), ["/gone2/"]);
  assert.equal(b.points, 1.1, "1 point on the home page, 0.1 elsewhere");
});

test("footer identity marks on the real pages", () => {
  const mee = readSiteMarks(readFileSync(resolve(repoRoot, "fixtures/real/mee_detail_hjyw_2022_raw.html"), "utf8"));
  assert.deepEqual(mee, { conac: true, siteCode: "bm17000009", icp: true, police: true, jiucuo: true });
  const handan = readSiteMarks(readFileSync(resolve(repoRoot, "fixtures/real/handan_xxgk_list_pagination.html"), "utf8"));
  assert.deepEqual(handan, { conac: true, siteCode: "1304000009", icp: true, police: true, jiucuo: true });
  const bare = readSiteMarks("<html><body><p>版权所有</p></body></html>");
  assert.deepEqual(bare, { conac: false, siteCode: null, icp: false, police: false, jiucuo: false });
});

test("working days across National Day 2024: holidays off, 调休 weekends on", () => {
  assert.equal(isWorkingDay("2024-10-03"), false, "National Day");
  assert.equal(isWorkingDay("2024-09-29"), true, "a Sunday made a working day");
  assert.equal(isWorkingDay("2024-10-12"), true, "a Saturday made a working day");
  assert.equal(workingDaysBetween("2024-09-27", "2024-10-14"), 8);
  assert.equal(workingDaysBetween("2024-09-27", "2024-09-27"), 0);
});

test("working days in 2026 (国务院办公厅 notice of 2025-11-04): Spring Festival and its 调休 Saturdays", () => {
  assert.ok(coversSpan("2026-01-01", "2026-12-31"), "the calendar knows 2026");
  assert.equal(isWorkingDay("2026-02-16"), false, "a Monday in the Spring Festival break");
  assert.equal(isWorkingDay("2026-02-14"), true, "a Saturday made a working day");
  assert.equal(isWorkingDay("2026-01-04"), true, "a Sunday made a working day after 元旦");
  assert.equal(isWorkingDay("2026-10-08"), true, "the day after National Day week");
  // 2026-02-13 (Fri) to 2026-03-02 (Mon): 14 (Sat, working) and 24–27, 28 (Sat, working), 2 Mar.
  assert.equal(workingDaysBetween("2026-02-13", "2026-03-02"), 7);
});

test("the verdict is in the JSON report and in the text report; --no-national leaves it out", async () => {
  const site = await serveSite(basePages(dated(15, 20, 30)));
  try {
    const text = await runCli(["check", site.url, "--rules", "rules/national-inspection.yaml", "--as-of", AS_OF, "--interval", "0"]);
    assert.match(text.stdout, /National inspection \(国办秘函〔2019〕19号\): 不合格 {2}score \d+(\.\d+)?\/100, pass 60/);
    assert.match(text.stdout, /✗ 单项否决：首页不更新——首页最近一条信息发布于2026-11-11，超过14天未更新/);
    const json = await runCli(["check", site.url, "--rules", "rules/national-inspection.yaml", "--as-of", AS_OF, "--interval", "0", "--format", "json"]);
    const schema = JSON.parse(readFileSync(resolve(repoRoot, "docs", "report.schema.json"), "utf8")) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    assert.ok(validate(JSON.parse(json.stdout)), JSON.stringify(validate.errors));
    const off = await runCli(["check", site.url, "--rules", "rules/national-inspection.yaml", "--as-of", AS_OF, "--interval", "0", "--no-national", "--format", "json"]);
    assert.equal((JSON.parse(off.stdout) as Report).units[0]!.verdict, undefined);
    assert.equal(off.code, 0);
  } finally {
    await site.close();
  }
});

test("thresholds are parameters: an overlay changes them", async () => {
  const dir = await mkdtemp(join(tmpdir(), "zwgk-nat-"));
  const overlay = join(dir, "province.yaml");
  await writeFile(overlay, `rulebook: { id: province, title: 某省变体 }\nextends: [${JSON.stringify(resolve(repoRoot, "rules/national-inspection.yaml"))}]\nindicators:\n  home-not-updated:\n    params: { days: 30 }\n`);
  const r = await verdictOf(basePages(dated(15, 20, 30)), ["--rules", overlay]);
  assert.equal(r.ind("home-not-updated").triggered, false, "15 days is fine under a 30-day variant");
  assert.equal(r.ind("home-not-updated").evidence.days, 30);
});

test("the verdict in every format: its own section in html, md, xlsx, csv rows, a JUnit testcase, text and JSON", async () => {
  const dir = await mkdtemp(join(tmpdir(), "zwgk-verdict-"));
  const site = await serveSite(basePages(dated(15, 20, 30)));
  try {
    const outs = ["r.json", "r.html", "r.md", "r.csv", "r.xlsx", "r.xml", "r.txt"].flatMap((f) => ["-o", join(dir, f)]);
    const r = await runCli(["check", site.url, "--rules", "rules/national-inspection.yaml", "--as-of", AS_OF, "--interval", "0", "--quiet", ...outs]);
    assert.equal(r.code, 1, r.stderr);
    const read = (f: string) => readFile(join(dir, f), "utf8");
    assert.equal((JSON.parse(await read("r.json")) as Report).units[0]!.verdict!.result, "不合格");
    assert.match(await read("r.html"), /<h2 id="verdict">国家检查指标 National inspection verdict<\/h2>[\s\S]*首页不更新[\s\S]*触发/);
    assert.match(await read("r.md"), /### 国家检查指标 National inspection verdict[\s\S]*\| 首页不更新 \| 单项否决 \| \*\*触发\*\* \|/);
    assert.match(await read("r.csv"), /national:home-not-updated,首页不更新,,veto,单项否决（触发）/);
    assert.match(await read("r.xml"), /<testcase [^>]*name="national verdict 国家检查指标"[^>]*>\s*<failure message="不合格/);
    assert.match(await read("r.txt"), /National inspection \(国办秘函〔2019〕19号\): 不合格/);
    const { default: ExcelJS } = await import("exceljs");
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, "r.xlsx"));
    const sheet = book.getWorksheet("国家检查");
    assert.ok(sheet, "a 国家检查 sheet");
    const cells = sheet.getSheetValues().flat().map(String);
    assert.ok(cells.includes("首页不更新") && cells.includes("触发"), cells.join("|"));
  } finally {
    await site.close();
  }
});
