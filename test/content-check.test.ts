/**
 * End to end through `zwgk check`: the content fixture site (fixtures/sites/content/, one
 * column per status and per list / date / paging form, one GBK column) against
 * fixtures/rules/content.yaml, as of 2026-11-26, reading at most 2 list pages per column.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv } from "ajv";
import { serveFixtureSite, type FixtureSite } from "../scripts/fixture-server.js";
import type { Finding, Report } from "../src/report/types.js";
import { repoRoot, runCli } from "./helpers/cli.js";

let site: FixtureSite;
let report: Report;
let exitCode: number;
const f = (id: string): Finding => report.units[0]!.findings.find((x) => x.rule === id)!;

before(async () => {
  site = await serveFixtureSite("content");
  const run = await runCli(["check", site.url, "--unit", "示例区政府", "--rules", "fixtures/rules/content.yaml", "--as-of", "2026-11-26", "--max-list-pages", "2", "--interval", "0", "--format", "json"]);
  exitCode = run.code;
  assert.ok(run.stdout.startsWith("{"), run.stderr);
  report = JSON.parse(run.stdout) as Report;
});
after(() => site.close());

test("one column per status: present, stale, empty, document-missing, overdue, unreachable, missing, manual", () => {
  const statuses = Object.fromEntries(report.units[0]!.findings.map((x) => [x.rule, x.status]));
  assert.deepEqual(statuses, {
    "c.tzgg": "present",
    "c.zcjd": "present",
    "c.dfzfzw": "stale",
    "c.tjsj": "present",
    "c.gzdt": "present",
    "c.rsxx": "present",
    "c.xzfg": "overdue",
    "c.szfgz": "present",
    "c.scjrfmqd": "document-missing",
    "c.hmhnzj": "empty",
    "c.zdjsxm": "present",
    "c.czyjs": "present",
    "c.yjgl": "stale",
    "c.lxwm": "document-missing",
    "c.ghxx": "present",
    "c.hsjcd": "present",
    "c.frmz": "document-missing",
    "c.ndbg": "present",
    "c.jytabl": "present",
    "c.xzzf": "unreachable",
    "c.lwlb": "missing",
    "c.manual": "manual",
  });
  assert.equal(exitCode, 1, "error-severity problems were found");
  assert.equal(report.complete, true);
});

test("evidence on every finding: URL, breadcrumb, item count, newest item, pages followed, a Chinese reason", () => {
  for (const x of report.units[0]!.findings) {
    assert.ok(x.evidence.reasonZh && /[\u4e00-\u9fff]/.test(x.evidence.reasonZh), `${x.rule}: reasonZh`);
    if (x.status === "missing" || x.status === "manual") continue;
    assert.ok(x.url?.startsWith(site.url), `${x.rule}: url`);
    assert.match(x.evidence.breadcrumb ?? "", /^首页 > 政务公开 > 政府信息公开目录 > /, `${x.rule}: breadcrumb`);
    assert.equal(typeof x.evidence.itemCount, "number", `${x.rule}: itemCount`);
    assert.ok((x.evidence.pagesFollowed ?? 0) >= 1, `${x.rule}: pagesFollowed`);
    if (x.evidence.itemCount) assert.ok(x.evidence.newestItem?.title, `${x.rule}: newestItem`);
  }
  const stale = f("c.dfzfzw");
  assert.equal(stale.evidence.reasonZh, "栏目“地方政府债务”最近一条信息发布于2019-03-02，超过12个月未更新");
  assert.equal(stale.url, `${site.url}zwgk/dfzfzw/index.html`);
  assert.deepEqual(stale.evidence.freshness, { days: 365, source: "other", basis: "默认：1年未更新" });
  const schema = JSON.parse(readFileSync(resolve(repoRoot, "docs", "report.schema.json"), "utf8")) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  assert.ok(validate(report), JSON.stringify(validate.errors));
});

test("list markups and date forms: pinned item, 发布日期 column, dl, div rows, [MM-DD], 年月日, 发布日期： labels, GBK", () => {
  const newest = (id: string) => f(id).evidence.newestItem?.date;
  assert.equal(newest("c.tzgg"), "2026-11-20", "li > a + span; the pinned 2019 item on top does not hide the newest");
  assert.equal(newest("c.zcjd"), "2026-10-15", "table: the 发布日期 column, not 成文日期 (2026-04-01)");
  assert.equal(f("c.dfzfzw").evidence.itemCount, 3, "dl/dt/dd rows on two countPage pages");
  assert.equal(newest("c.tjsj"), "2026-10-08", "div rows, 2026/10/08 and 2026.09.30");
  assert.equal(newest("c.gzdt"), "2026-11-20", "[11-20] takes its year from --as-of");
  assert.equal(newest("c.rsxx"), "2026-09-01", "2026年9月1日");
  assert.match(f("c.xzfg").evidence.reasonZh!, /相关信息2021-07-15才发布/, "发布日期：2021-07-15 beats 成文日期：2021-05-01 in the same row");
  assert.deepEqual(f("c.czyjs").evidence.newestItem, { title: "示例区2026年区级部门预算公开", date: "2026-02-10", url: `${site.url}zwgk/czyjs/202602/t20260210_1.html` }, "the GBK column decoded");
});

test("lists without dates: the detail page's metadata table, else its PubDate meta; undated everywhere is stale", () => {
  assert.equal(f("c.hsjcd").evidence.newestItem?.date, "2026-11-10", "发布日期 in the detail page's metadata table");
  assert.equal(f("c.frmz").evidence.newestItem?.date, "2026-11-05", "the detail page's PubDate meta");
  const undated = f("c.yjgl");
  assert.equal(undated.evidence.reasonZh, "栏目“应急管理”的2条信息均未标注发布日期，不能认定为更新");
  assert.equal(undated.evidence.detailPagesRead, 2);
  assert.equal(undated.evidence.datedItems, 0);
  for (const detail of ["/zwgk/yqfk/hsjcd/202611/t20261110_1.html", "/zwgk/yqfk/frmz/202611/t20261105_1.html", "/zwgk/yjgl/202311/yjya_01.html"]) {
    assert.ok(site.hits.has(detail), `${detail} was read`);
  }
  assert.ok(!site.hits.has("/zwgk/tzgg/202611/t20261120_2.html"), "a dated list's detail pages are not read");
});

test("paging: bounded by --max-list-pages, followed only as far as a rule needs; Hanweb groups through dataproxy.jsp", () => {
  const rsxx = f("c.rsxx").evidence;
  assert.deepEqual([rsxx.pagesFollowed, rsxx.pagesDeclared, rsxx.itemCount], [2, 3, 2], "links to index_1 and index_2: 3 pages, 2 read");
  const szfgz = f("c.szfgz").evidence;
  assert.deepEqual([szfgz.pagesFollowed, szfgz.itemCount], [2, 3], "createPageHTML: page 2 holds the item dated before the deadline");
  const qd = f("c.scjrfmqd");
  assert.equal(qd.evidence.reasonZh, "栏目“市场准入负面清单”中未找到“市场准入负面清单（2025年版）”（已查看前2页，共3页）");
  assert.deepEqual(qd.evidence.documentsMissing, ["市场准入负面清单（2025年版）"]);
  const hanweb = f("c.zdjsxm").evidence;
  assert.deepEqual([hanweb.itemCount, hanweb.pagesFollowed, hanweb.pagesDeclared], [5, 2, 2], "3 records in the page's datastore, 2 from dataproxy.jsp");
  assert.ok(site.hits.has("/module/web/jpage/dataproxy.jsp"));
});

test("fields, deadlines, sub-columns, frames and script-built menus", () => {
  assert.deepEqual(f("c.lxwm").evidence.fieldsMissing, ["办公时间"], "the footer's 办公时间 is the site's, not the column's");
  assert.equal(f("c.lxwm").evidence.reasonZh, "栏目“联系我们”未公开办公时间");
  assert.deepEqual(f("c.frmz").evidence.fieldsMissing, ["办公时间"]);
  assert.equal(f("c.hsjcd").evidence.fieldsMissing, undefined, "名称、地址、联系电话、办公时间 are on the detail page");
  assert.equal(f("c.xzfg").evidence.reasonZh, "栏目“行政法规”截至2021年6月底前（2021-06-30）未发布相关信息，相关信息2021-07-15才发布");
  const parent = f("c.ghxx");
  assert.deepEqual(parent.evidence.children, ["专项规划", "区域规划"]);
  assert.equal(parent.evidence.reasonZh, "栏目“规划信息”已设置，下设专项规划，共1条信息，最近一条发布于2026-03-01", "the reason names the sub-column that holds items");
  assert.equal(f("c.ndbg").evidence.listUrl, `${site.url}zwgk/ndbg/list.html`, "linked only from a frame's tree; its list sits in an iframe");
  assert.ok(site.hits.has("/zwgk/jytabl/index.html"), "a column linked only from a script-built menu is fetched");
  assert.equal(f("c.xzzf").evidence.reasonZh, "栏目“行政执法”的列表由脚本从/api/xzzf/list.json动态加载，无法判断是否有内容，需人工复核");
  assert.ok(!site.hits.has("/api/xzzf/list.json"), "zwgk does not run scripts");
});

test("follow-up requests count into the unit's crawl.requests", () => {
  const served = [...site.hits.values()].reduce((a, b) => a + b, 0);
  const u = report.units[0]!;
  assert.equal(u.crawl.requests, served, "every request the server saw is counted");
  assert.ok(u.crawl.requests > u.crawl.pagesFetched + 1, "more than the crawl's pages and robots.txt");
});

test("a column page whose required fields are checked is fetched once: the crawl kept its text", () => {
  // 联系我们, 核酸检测点 and 发热门诊 carry fields; the crawl reached them through the 信息公开 tree.
  for (const path of ["/zwgk/lxwm/index.html", "/zwgk/yqfk/hsjcd/index.html", "/zwgk/yqfk/frmz/index.html"]) assert.equal(site.hits.get(path), 1, path);
});
