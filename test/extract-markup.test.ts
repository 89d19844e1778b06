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
