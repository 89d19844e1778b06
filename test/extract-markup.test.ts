/** Extraction rules on small, targeted markup. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { extractPage, parseListDate, parseFullDate } from "../src/site/index.js";

const page = (body: string, head = "<title>市场准入负面清单_某某区人民政府</title>") =>
  extractPage(`<html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`, "http://x.gov.cn/zwgk/a/index.html", { referenceDate: "2026-11-26" });

test("title: the site-name suffix goes, whatever the separator", () => {
  assert.equal(page("").title, "市场准入负面清单");
  assert.equal(page("", "<title>某某区人民政府-政府信息公开指南</title>").title, "政府信息公开指南");
  assert.equal(page("", "<title>通知公告 | 重庆市发展和改革委员会</title>").title, "通知公告");
  assert.equal(page("", '<title>x</title><meta name="ArticleTitle" content="关于印发某某办法的通知">').title, "关于印发某某办法的通知");
});

test("breadcrumb labels and separators", () => {
  const cases: [string, string[]][] = [
    ['<div class="position">您当前的位置：<a href="/">首页</a> » <a href="/zwgk/">政务公开</a> » 政策解读</div>', ["首页", "政务公开", "政策解读"]],
    ['<div class="dqwz">当前位置: <a href="/">首页</a>&gt;<a href="/zwgk/">政务公开</a>&gt;<a href="/a/">预算/决算</a></div>', ["首页", "政务公开", "预算/决算"]],
    ['<p>您现在的位置：<a href="/">首页</a> → <a href="/x/">信息公开</a> → 年报</p>', ["首页", "信息公开", "年报"]],
    ['<div class="location"><a href="/">首页</a> ＞ <a href="/x/">政务公开</a> ＞ <span>疫情防控</span></div>', ["首页", "政务公开", "疫情防控"]],
    ['<div class="w"><div class="a"><span>当 前 位 置：</span><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 地方政府债务</div></div>', ["首页", "政务公开", "地方政府债务"]],
  ];
  for (const [html, want] of cases) assert.deepEqual(page(html).breadcrumb.map((c) => c.name), want, html);
});

test("PubDate meta loses to the date the page shows", () => {
  const p = page('<table><tr><td>索引号</td><td>123/2021-1</td></tr><tr><td>发布日期</td><td>2021年6月30日</td></tr></table><div class="TRS_Editor">正文</div>', '<title>t</title><meta name="PubDate" content="2024-01-05 10:00">');
  assert.equal(p.published, "2021-06-30");
  const onlyMeta = page('<div class="TRS_Editor">正文</div>', '<title>t</title><meta name="PubDate" content="2020年08月02日">');
  assert.equal(onlyMeta.published, "2020-08-02");
});

test("metadata table: each value ends with its cell, whatever the markup", () => {
  // th/td table followed by the title: the last value does not run on into it.
  const table = page('<table><tr><th>索引号：</th><td>11500112MB1234567X/2026-04670</td><th>发布机构：</th><td>示例区人民政府办公室</td></tr><tr><th>文号：</th><td>示府办发〔2026〕70号</td></tr></table><h1>示例区关于某某工作的通知</h1><div class="TRS_Editor">依据《中华人民共和国政府信息公开条例》规定，现予以主动公开。</div>');
  assert.deepEqual(table.metadata, { 索引号: "11500112MB1234567X/2026-04670", 发布机构: "示例区人民政府办公室", 文号: "示府办发〔2026〕70号" });
  // dd > label + div (万载's markup), the value's cell after the label's.
  const dl = page('<dl><dd><label><font>发布日期：</font></label><div class="v">\n  2023-05-11\n</div></dd><dd><label><font>责任部门：</font></label><div>万载县统计局</div></dd></dl><h1>统计公报</h1><span>访问量：1632</span>');
  assert.deepEqual(dl.metadata, { 发布日期: "2023-05-11", 责任部门: "万载县统计局" });
  // "label：value" runs in one paragraph still split at the next label.
  const run = page("<p>索引号：123/2021-1 发布机构：某某区发展改革委 发布日期：2021-06-30</p><p>正文</p>");
  assert.deepEqual(run.metadata, { 索引号: "123/2021-1", 发布机构: "某某区发展改革委", 发布日期: "2021-06-30" });
  // A column heading without a value is not a label.
  assert.deepEqual(page("<table><tr><th>名称</th><th>发布机构</th></tr></table><p>正文</p>").metadata, {});
});

test("an article without metadata table or PubDate shows its date in the line under its title", () => {
  const url = "http://x.gov.cn/zwgk/a/202403/t20240305_1.html";
  const at = (body: string) => extractPage(`<html><head><meta charset="utf-8"><title>关于开展某某工作的通知_某某区人民政府</title></head><body>${body}</body></html>`, url, { referenceDate: "2026-11-26" }).published;
  assert.equal(at('<h1>关于开展某某工作的通知</h1><div class="info"><span>来源：区政府办</span><span>2024-03-05 10:30</span></div><div class="TRS_Editor">正文。</div>'), "2024-03-05");
  assert.equal(at('<h1>关于开展某某工作的通知</h1><p>发布时间：2024年3月5日 浏览次数：12</p><div class="TRS_Editor">正文。</div>'), "2024-03-05");
  // A date in the article's first sentence is an event, not the publication.
  assert.equal(at('<h1>关于开展某某工作的通知</h1><div class="TRS_Editor">2021年6月30日，区政府召开会议。2021-06-30前完成。</div>'), null);
  assert.equal(at('<h1>关于开展某某工作的通知</h1><div class="TRS_Editor">正文没有日期。</div>'), null);
  // The metadata table's date wins when there is one.
  assert.equal(at('<table><tr><td>发布日期：</td><td>2024-03-06</td></tr></table><h1>关于开展某某工作的通知</h1><span>2024-03-05</span>'), "2024-03-06");
});

test("lists: li > a + span, tables, 暂无信息, 共N页, 下一页", () => {
  const list = page('<ul class="list"><li><a href="a.html">关于印发某某办法的通知</a><span>2021/06/30</span></li><li><a href="b.html">关于某某工作的公告</a><span>2021.05.01</span></li></ul><div>共 12 页 <a href="index_1.html">下一页</a></div>');
  assert.deepEqual(list.items.map((i) => i.date), ["2021-06-30", "2021-05-01"]);
  assert.equal(list.pagination.pages, 12);
  assert.equal(list.pagination.next, "http://x.gov.cn/zwgk/a/index_1.html");
  const empty = page('<div class="list-empty">暂无数据</div>');
  assert.equal(empty.items.length, 0);
  assert.equal(empty.emptyMarker, "暂无数据");
});

test("navigation: nested ul/li keeps the hierarchy; links in menus are navigation links", () => {
  const p = page('<div class="nav"><ul><li><a href="/zwgk/">政务公开</a><ul><li><a href="/zwgk/ml/">政府信息公开目录</a></li></ul></li><li><a href="/hd/">互动交流</a></li></ul></div>');
  assert.deepEqual(p.nav, [
    { name: "政务公开", url: "http://x.gov.cn/zwgk/", children: [{ name: "政府信息公开目录", url: "http://x.gov.cn/zwgk/ml/", children: [] }] },
    { name: "互动交流", url: "http://x.gov.cn/hd/", children: [] },
  ]);
  assert.equal(p.links.find((l) => l.url === "http://x.gov.cn/zwgk/ml/")?.kind, "nav");
});

test("dates in the forms sites write them", () => {
  assert.equal(parseFullDate("发布日期：2021年6月30日"), "2021-06-30");
  assert.equal(parseFullDate("2021-02-30"), null, "not a calendar date");
  assert.equal(parseListDate("[06-30]", "2026-11-26"), "2026-06-30");
  assert.equal(parseListDate("12-30", "2026-11-26"), "2025-12-30", "a future MM-DD belongs to last year");
  assert.equal(parseListDate("14:46", "2026-11-26"), null, "a time is not a date");
});
