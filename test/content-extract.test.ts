/** Items, dates, paging and script-built menus (issue 4), on small markup and on the real pages in fixtures/real/. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { extractPage, parseListDate, walkNav } from "../src/site/index.js";
import { urlDate } from "../src/site/dates.js";
import { extractScriptMenus, detectScriptLoads } from "../src/site/scripted.js";
import { repoRoot } from "./helpers/cli.js";

const AS_OF = "2026-11-26";
const page = (body: string, url = "http://x.gov.cn/zwgk/a/index.html", head = "<title>栏目_某某区人民政府</title>") =>
  extractPage(`<html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`, url, { referenceDate: AS_OF });
const real = (name: string, url: string, referenceDate?: string) => extractPage(readFileSync(resolve(repoRoot, "fixtures", "real", name), "utf8"), url, { referenceDate });
const dates = (p: ReturnType<typeof page>) => p.items.map((i) => i.date);

test("dates: every form, 发布日期 beats 成文日期, MM-DD takes its year from the item's URL, else from --as-of", () => {
  const forms: [string, string][] = [
    ["2021-06-30", "2021-06-30"],
    ["2021/06/30", "2021-06-30"],
    ["2021.6.30", "2021-06-30"],
    ["2021年6月30日", "2021-06-30"],
    ["发布日期：2021-06-30", "2021-06-30"],
  ];
  for (const [text, want] of forms) assert.equal(parseListDate(text, AS_OF), want, text);
  assert.equal(parseListDate("成文日期：2021-05-01 发布日期：2021-07-15", AS_OF), "2021-07-15", "the publication date, not the signing date");
  assert.equal(parseListDate("生成日期：2021-05-01 时间：2021-07-15", AS_OF), "2021-07-15");
  assert.equal(parseListDate("[06-30]", AS_OF), "2026-06-30");
  assert.equal(parseListDate("6月30日", AS_OF), "2026-06-30");
  assert.equal(parseListDate("12-30", AS_OF), "2025-12-30", "a MM-DD after the as-of day is last year's");
  assert.equal(parseListDate("[06-30]", AS_OF, "http://x.gov.cn/zwgk/202106/t20210630_1.html"), "2021-06-30", "the URL's year wins when its month agrees");
  assert.equal(parseListDate("[06-30]", AS_OF, "http://x.gov.cn/zwgk/202105/t20210501_1.html"), "2026-06-30", "a URL of another month says nothing");
  assert.equal(parseListDate("14:46", AS_OF), null);
  assert.equal(urlDate("http://x.gov.cn/art/2021/6/30/art_1_2.html"), "2021-06-30");
  assert.equal(urlDate("http://x.gov.cn/a/2023-12/01/content_1.html"), "2023-12-01");
  assert.equal(urlDate("http://x.gov.cn/zwgk/202106/abc.shtml"), "2021-06-01");
});

test("items: tables read the 发布日期 column; dl/dt/dd; div rows; a pinned old item stays an item", () => {
  const table = page(
    '<table><tr><th>名称</th><th>索引号</th><th>成文日期</th><th>发布日期</th></tr>' +
      '<tr><td><a href="/zwgk/202610/t20261015_1.html">关于印发某某办法的通知</a></td><td>115/2026-00101</td><td>2026-04-01</td><td>2026-10-15</td></tr>' +
      '<tr><td><a href="/zwgk/202609/t20260902_2.html">关于某某工作的公告</a></td><td>115/2026-00087</td><td>2026-08-20</td><td>2026-09-02</td></tr></table>',
  );
  assert.deepEqual(dates(table), ["2026-10-15", "2026-09-02"]);
  const dl = page('<dl><dt><a href="/a/201903/t20190302_1.html">2018年地方政府债务情况</a></dt><dd>2019-03-02</dd></dl><dl><dt><a href="/a/201803/t20180305_2.html">2017年地方政府债务情况</a></dt><dd>2018-03-05</dd></dl>');
  assert.deepEqual(dates(dl), ["2019-03-02", "2018-03-05"]);
  const divs = page('<div class="rows"><div class="item"><a href="/t/1.html">2026年1-9月主要经济指标</a><em>2026/10/08</em></div><div class="item"><a href="/t/2.html">2026年1-8月主要经济指标</a><em>2026.09.30</em></div></div>');
  assert.deepEqual(dates(divs), ["2026-10-08", "2026-09-30"]);
  const pinned = page('<ul class="list"><li><a href="/a/1.html">[置顶] 关于公布联系方式的公告</a><span>2019-01-10</span></li><li><a href="/a/2.html">关于冬季供暖工作的通知</a><span>2026-11-20</span></li></ul>');
  assert.deepEqual(dates(pinned), ["2019-01-10", "2026-11-20"], "list order kept; the newest is chosen when judging");
});

test("items: a list that shows no dates still lists its documents; links to columns are not items", () => {
  const undated = page('<ul class="list"><li><a href="/zwgk/yjgl/202311/yjya_01.html">示例区突发事件总体应急预案</a></li><li><a href="/zwgk/yjgl/202311/yjya_02.html">示例区防汛抗旱应急预案</a></li></ul>');
  assert.deepEqual(undated.items.map((i) => [i.title, i.date]), [["示例区突发事件总体应急预案", null], ["示例区防汛抗旱应急预案", null]]);
  const hub = page('<ul class="sub"><li><a href="/zwgk/ghxx/zxgh/index.html">专项规划</a></li><li><a href="/zwgk/ghxx/qygh/">区域规划</a></li></ul>');
  assert.equal(hub.items.length, 0, "sub-column links are navigation, not documents");
  const beside = page('<ul class="slides"><li><a href="/news/202311/t20231101_9.html">一条没有日期的头条新闻标题很长很长</a></li><li><a href="/news/202311/t20231102_8.html">另一条没有日期的头条新闻标题也很长</a></li></ul><ul class="list"><li><a href="/n/1.html">有日期的新闻标题一</a><span>2026-11-20</span></li></ul>');
  assert.deepEqual(beside.items.map((i) => i.title), ["有日期的新闻标题一"], "undated links beside a dated list are not items");
  const print = page('<ul class="list"><li><a href="/n/1.html">有日期的新闻标题一</a><span>2026-11-20</span></li><li><a href="javascript:print()">[打印]</a> 2026-11-20</li></ul>');
  assert.deepEqual(print.items.map((i) => i.title), ["有日期的新闻标题一"], "[打印] is a button");
});

test("Hanweb: records in <script type=\"text/xml\"> are items; jpage paging asks dataproxy.jsp for the next group", () => {
  const rec = (t: string, u: string, d: string) => `<record><![CDATA[<li><a href="${u}" title="${t}">${t}</a><span>${d}</span></li>]]></record>`;
  const p = page(
    '<div id="4321"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&columnid=77&unitid=4321"></a>]]></nextgroup><recordset>' +
      rec("重大建设项目清单一", "/art/2026/11/20/art_77_3.html", "2026-11-20") +
      rec("重大建设项目清单二", "/art/2026/11/12/art_77_2.html", "2026-11-12") +
      '</recordset></datastore></script></div><script>$("#4321").jpage({ proxyUrl: "/module/web/jpage/dataproxy.jsp", perPage: 2, totalRecord: 5, groupSize: 1 });</script>',
    "http://x.gov.cn/col/col77/index.html",
  );
  assert.deepEqual(p.items.map((i) => [i.title, i.date]), [["重大建设项目清单一", "2026-11-20"], ["重大建设项目清单二", "2026-11-12"]]);
  assert.equal(p.pagination.pages, 3);
  assert.equal(p.pagination.source, "jpage");
  const next = new URL(p.pagination.next!);
  assert.equal(next.pathname, "/module/web/jpage/dataproxy.jsp");
  assert.deepEqual([next.searchParams.get("columnid"), next.searchParams.get("startrecord"), next.searchParams.get("endrecord"), next.searchParams.get("perpage")], ["77", "3", "4", "2"]);
  assert.deepEqual(p.scriptLoads, {}, "a datastore list is read, not merely loaded");
  // The dataproxy answer is a bare <datastore>; it continues from its own record range.
  const answer = extractPage(`<?xml version="1.0"?><datastore><totalrecord>5</totalrecord><recordset>${rec("批准结果信息", "/art/2026/9/15/art_77_1.html", "2026-09-15")}</recordset></datastore>`, next.href, { referenceDate: AS_OF });
  assert.deepEqual(answer.items.map((i) => i.title), ["批准结果信息"]);
  assert.equal(answer.pagination.current, 2);
  assert.match(answer.pagination.next ?? "", /startrecord=5&endrecord=6/);
});

test("paging: createPageHTML, countPage, 共N页 with 第N页, links to index_N, 下一页", () => {
  const create = page('<script>createPageHTML(4, 1, "index", "html");</script>', "http://x.gov.cn/zwgk/a/index_1.html");
  assert.deepEqual(create.pagination, { pages: 4, next: "http://x.gov.cn/zwgk/a/index_2.html", current: 2, source: "createPageHTML" });
  const count = page("<script>var currentPage = 0; var countPage = 3;</script>");
  assert.deepEqual(count.pagination, { pages: 3, next: "http://x.gov.cn/zwgk/a/index_1.html", current: 1, source: "countPage" });
  const gong = page('<div class="page">共3页 第2页 <a href="index_2.html">下一页</a></div>', "http://x.gov.cn/zwgk/a/index_1.html");
  assert.deepEqual(gong.pagination, { pages: 3, next: "http://x.gov.cn/zwgk/a/index_2.html", current: 2, source: "共N页" });
  const links = page('<div class="pages"><span>1</span> <a href="index_1.html">2</a> <a href="index_2.html">3</a></div>');
  assert.deepEqual(links.pagination, { pages: 3, next: "http://x.gov.cn/zwgk/a/index_1.html", current: 1, source: "index_N" });
  const nextOnly = page('<a href="list.jsp?page=2">下一页</a>', "http://x.gov.cn/zwgk/list.jsp?page=1");
  assert.deepEqual(nextOnly.pagination, { pages: null, next: "http://x.gov.cn/zwgk/list.jsp?page=2", source: "下一页" });
});

test("script-built menus: inline arrays/JSON of name/url pairs, nested children and zTree id/pId become navigation", () => {
  const json = extractScriptMenus('var menu = [{"name":"政策解读","url":"/zwgk/zcjd/"},{"name":"通知公告","url":"/zwgk/tzgg/"}];', "http://x.gov.cn/");
  assert.deepEqual(json, [
    { name: "政策解读", url: "http://x.gov.cn/zwgk/zcjd/", children: [] },
    { name: "通知公告", url: "http://x.gov.cn/zwgk/tzgg/", children: [] },
  ]);
  const nested = extractScriptMenus("var tree = { menu: [ { text: '法定主动公开内容', href: '/fdzdgknr/', children: [ { text: '规划信息', href: '/fdzdgknr/ghxx/' } ] } ] };", "http://x.gov.cn/");
  assert.deepEqual([...walkNav(nested)].map(({ node, ancestors }) => [...ancestors, node.name].join(">")), ["法定主动公开内容", "法定主动公开内容>规划信息"]);
  const ztree = extractScriptMenus('var zNodes = [{ id: 1, pId: 0, name: "信息公开目录", url: "/ml/" }, { id: 2, pId: 1, name: "财政预决算", url: "/ml/czyjs/" }];', "http://x.gov.cn/");
  assert.equal(ztree[0]!.name, "信息公开目录");
  assert.deepEqual(ztree[0]!.children.map((c) => c.name), ["财政预决算"]);
  const pairs = extractScriptMenus('var links = [["政策解读", "/zwgk/zcjd/"], ["通知公告", "/zwgk/tzgg/"]];', "http://x.gov.cn/");
  assert.deepEqual(pairs.map((n) => n.name), ["政策解读", "通知公告"]);
  assert.deepEqual(extractScriptMenus('share({ title: "分享到微信", url: location.href }); var a = { name: "首页", url: "/" };', "http://x.gov.cn/"), [], "one entry, or entries built from expressions, are not a menu");
  const p = page('<div id="m"></div><script>var xxgkMenu = [{ name: "建议提案办理", url: "/zwgk/jytabl/" }, { name: "行政执法", url: "/zwgk/xzzf/" }];</script>');
  assert.ok(p.nav.some((n) => n.name === "建议提案办理"), "the page's navigation includes the script menu");
  assert.equal(p.links.find((l) => l.url === "http://x.gov.cn/zwgk/jytabl/")?.kind, "nav", "so the crawl follows it as navigation");
});

test("lists and menus a script loads at run time are flagged, visit counters are not; frames are kept", () => {
  assert.deepEqual(detectScriptLoads('$.ajax({ url: "/api/xzzf/list.json", success: render });'), { list: "/api/xzzf/list.json" });
  assert.deepEqual(detectScriptLoads('$.getJSON("/xxgk/menu.json", function (nodes) { $.fn.zTree.init($("#t"), {}, nodes); });'), { menu: "/xxgk/menu.json" });
  assert.deepEqual(detectScriptLoads('$.get("/count/visit.do?id=3", function (n) { $("#n").text(n); });'), {});
  const p = page('<iframe src="/zwgk/ndbg/list.html"></iframe><iframe src="https://xxgk.example.gov.cn/tree.html"></iframe>');
  assert.deepEqual(p.frames, ["http://x.gov.cn/zwgk/ndbg/list.html", "https://xxgk.example.gov.cn/tree.html"]);
});

test("real pages: 邯郸 list (发布日期 column, countPage of 56, page 1), 宜春 home MM-DD years from URLs, 万载 detail date beside a related list", () => {
  const handan = real("handan_xxgk_list_pagination.html", "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index.html");
  assert.deepEqual(handan.pagination, { pages: 56, next: "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index_1.html", current: 1, source: "countPage" });
  assert.deepEqual(handan.items.map((i) => i.date), ["2020-08-05"], "the 发布日期 cell, not the 索引号 000014348/2020-35428");

  // 2023-10-11 page read a year later: MM-DD dates keep 2023 because each item's URL says /202310/.
  const yichun = real("yichun_home_2023.html", "http://www.yichun.gov.cn/", "2024-10-11");
  const zwyw = yichun.items.filter((i) => i.url?.includes("/zwyw/202310/"));
  assert.ok(zwyw.length >= 5, `政务要闻 items (${zwyw.length})`);
  assert.ok(zwyw.every((i) => i.date?.startsWith("2023-10-")), zwyw.map((i) => i.date).join(","));
  const full = yichun.items.find((i) => i.url?.includes("/guowuyuan/202309/"));
  assert.equal(full?.date, "2023-09-23", "a full date is taken as written");
  assert.ok(yichun.items.every((i) => i.date !== null), "the undated slideshow beside the dated lists is not an item");

  const wanzai = real("wanzai_xxgk_detail_tjsj_2022.html", "http://www.wanzai.gov.cn/wzxrmzf/tjsja/202305/7215380191c5400397df5d7d0b5fd06b.shtml");
  assert.equal(wanzai.published, "2023-05-11");
  const mee = real("mee_detail_hjyw_2022_raw.html", "http://www.mee.gov.cn/ywdt/hjywnews/202204/t20220417_974894.shtml");
  assert.ok(!mee.items.some((i) => i.title.includes("打印")), "[打印] is not an item");
});
