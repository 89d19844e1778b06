/**
 * Spend the budget on navigation: a generated site of a few hundred pages (menus, a 信息公开
 * tree, sixteen columns with three list pages each, hundreds of articles) is judged with
 * well under half of its pages fetched, and the report says how many requests it took.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { Report } from "../src/report/types.js";
import { govPage, html, startFaultServer, type FaultServer, type Route } from "./helpers/fault-server.js";
import { runCli } from "./helpers/cli.js";

const COLUMNS = ["市场准入负面清单", "政策解读", "政府信息公开年报", "通知公告", "规划计划", "财政预决算", "人事信息", "行政许可", "行政处罚", "统计信息", "建议提案", "应急管理", "政府采购", "招标投标", "重大项目", "公共服务"];
const LIST_PAGES = 3;
const PER_PAGE = 6;
const slug = (i: number) => `lm${i}`;

let site: FaultServer;
let total = 0;
before(async () => {
  const nav: [string, string][] = [
    ["首页", "/"],
    ["政务公开", "/zwgk/"],
    ["新闻动态", "/zwgk/lm3/"],
    ["互动交流", "/hdjl/"],
  ];
  const tree = `<ul class="xxgk-tree">${COLUMNS.map((name, i) => `<li><a href="/zwgk/${slug(i)}/">${name}</a></li>`).join("")}</ul>`;
  const routes: Record<string, Route> = {
    "/": html(govPage({ title: "首页", nav })),
    "/zwgk/": html(govPage({ title: "政务公开", nav, crumbs: [["政务公开"]], body: tree })),
    "/hdjl/": html(govPage({ title: "互动交流", nav, crumbs: [["互动交流"]] })),
  };
  COLUMNS.forEach((name, c) => {
    for (let p = 0; p < LIST_PAGES; p++) {
      const items: [string, string, string][] = [];
      for (let k = 0; k < PER_PAGE; k++) {
        const n = p * PER_PAGE + k;
        const date = `2026-${String(11 - Math.floor(n / 28)).padStart(2, "0")}-${String(28 - (n % 28)).padStart(2, "0")}`;
        const href = `/zwgk/${slug(c)}/${date.slice(0, 7).replace("-", "")}/t${date.replace(/-/g, "")}_${c}${n}.html`;
        items.push([`${name}第${n + 1}号文件（${date.slice(0, 4)}年）`, href, date]);
        routes[href] = html(govPage({ title: `${name}第${n + 1}号文件`, nav, crumbs: [["政务公开", "/zwgk/"], [name, `/zwgk/${slug(c)}/`], ["正文"]], body: `<div class="TRS_Editor">正文内容 ${name} ${n}</div>` }));
      }
      const paging = `<div class="page">共${LIST_PAGES}页 ${p + 1 < LIST_PAGES ? `<a href="/zwgk/${slug(c)}/index_${p + 1}.html">下一页</a>` : ""}</div>`;
      const page = html(govPage({ title: name, nav, crumbs: [["政务公开", "/zwgk/"], [name]], items, body: `${tree}${paging}` }));
      routes[p === 0 ? `/zwgk/${slug(c)}/` : `/zwgk/${slug(c)}/index_${p}.html`] = page;
    }
  });
  total = Object.keys(routes).length;
  site = await startFaultServer(routes);
});
after(() => site.close());

test("a site of a few hundred pages is judged from well under half of them", async (t) => {
  assert.ok(total > 300, `the site has ${total} pages`);
  const r = await runCli(["check", site.url, "--interval", "0", "--concurrency", "4", "--per-host-concurrency", "4", "--rules", "fixtures/rules/crawl.yaml", "--unit", "测试局", "--as-of", "2026-11-26", "--format", "json", "--no-national"]);
  const report = JSON.parse(r.stdout) as Report;
  const unit = report.units[0]!;
  const statuses = Object.fromEntries(unit.findings.map((f) => [f.rule, f.status]));
  assert.deepEqual(statuses, { "c.1": "present", "c.2": "present", "c.3": "present" }, r.stderr);
  const served = new Set(site.log.map((h) => h.path).filter((p) => p !== "/robots.txt"));
  assert.ok(served.size < total / 2, `fetched ${served.size} of ${total} pages`);
  assert.ok(served.size < total / 4, `well under half: ${served.size} of ${total}`);
  t.diagnostic(`fetched ${served.size} of ${total} pages, ${unit.crawl.requests} requests`);
  assert.equal([...served].filter((p) => /\/t\d{8}_\d+\.html$/.test(p)).length, 0, "no article was needed: the lists show titles and dates");
  assert.equal(unit.crawl.requests, site.log.length, "the report counts every request the server saw");
  assert.equal(unit.crawl.stoppedBy, "done");
});
