/**
 * The site model keeps every page's facts through a full crawl, so what it keeps per page is
 * what memory grows by: the parts that repeat from page to page (breadcrumb trails, menus,
 * short names and dates, empty pagers) are held once and shared, frozen; the facts read back
 * the same as the page's own.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { extractPage, type PageFacts } from "../src/site/page.js";
import { SiteModel } from "../src/site/model.js";

const SITE = "http://www.example.gov.cn";
const TREE = '<div class="xxgk-tree"><ul><li><a href="/xxgk/">政府信息公开</a><ul><li><a href="/xxgk/czyjs/">财政预决算</a></li><li><a href="/xxgk/zfxxgknb/">政府信息公开年报</a></li></ul></li></ul></div>';

function article(column: string, slug: string, n: number): string {
  return `<html><head><meta charset="utf-8"><title>${column}公告第${n}号_示例区人民政府</title><meta name="SiteName" content="示例区人民政府"><meta name="ColumnName" content="${column}"></head><body>
    <div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; <a href="/xxgk/${slug}/">${column}</a></div>
    <table><tr><th>索引号：</th><td>11500112MB1234567X/2026-0000${n}</td><th>发布机构：</th><td>示例区人民政府办公室</td></tr>
    <tr><th>发布日期：</th><td>2026-03-0${n}</td></tr></table>
    <h1>${column}公告第${n}号</h1><div class="article">正文。</div></body></html>`;
}

function column(name: string, slug: string, page: number): string {
  return `<html><head><meta charset="utf-8"><title>${name}_示例区人民政府</title></head><body>${TREE}
    <div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; <a href="/xxgk/${slug}/">${name}</a></div>
    <ul class="list"><li><a href="/xxgk/${slug}/t1.html">第${page}页的一条</a><span class="date">2026-03-01</span></li></ul></body></html>`;
}

const read = (html: string, path: string): PageFacts => extractPage(html, `${SITE}${path}`, { referenceDate: "2026-06-30" });
/** What the model kept before it shared anything: the facts without links, through JSON. */
const asKept = (f: PageFacts): unknown => JSON.parse(JSON.stringify({ ...f, links: [], nav: f.kind === "detail" ? [] : f.nav }));

test("the model keeps each page's facts as the page gave them, links dropped", () => {
  const model = new SiteModel();
  const pages: [string, string][] = [
    [article("财政预决算", "czyjs", 1), "/xxgk/czyjs/202603/t20260301_1.html"],
    [column("财政预决算", "czyjs", 1), "/xxgk/czyjs/"],
    [article("政府信息公开年报", "zfxxgknb", 2), "/xxgk/zfxxgknb/202603/t20260302_2.html"],
  ];
  for (const [html, path] of pages) {
    const facts = read(html, path);
    model.addPage(facts);
    assert.deepEqual(JSON.parse(JSON.stringify(model.page(facts.url))), asKept(facts), path);
  }
  assert.equal(model.pages.size, 3);
});

test("articles of one column share one frozen breadcrumb trail; another column's trail is its own", () => {
  const model = new SiteModel();
  const a = read(article("财政预决算", "czyjs", 1), "/xxgk/czyjs/202603/t20260301_1.html");
  const b = read(article("财政预决算", "czyjs", 2), "/xxgk/czyjs/202603/t20260302_2.html");
  const c = read(article("政府信息公开年报", "zfxxgknb", 3), "/xxgk/zfxxgknb/202603/t20260303_3.html");
  for (const f of [a, b, c]) model.addPage(f);
  const [ka, kb, kc] = [a, b, c].map((f) => model.page(f.url)!);
  assert.equal(ka!.breadcrumb.length, 3);
  assert.equal(ka!.breadcrumb, kb!.breadcrumb, "one trail for the articles of 财政预决算");
  assert.notEqual(ka!.breadcrumb, kc!.breadcrumb);
  assert.deepEqual(kc!.breadcrumb.map((x) => x.name), ["首页", "政府信息公开", "政府信息公开年报"]);
  // Shared, so frozen: a change through one page would show on every page of the column.
  assert.ok(Object.isFrozen(ka!.breadcrumb) && Object.isFrozen(ka!.breadcrumb[2]));
  assert.throws(() => (ka!.breadcrumb as { name: string; url: string | null }[]).push({ name: "x", url: null }), TypeError);
  // Short strings that repeat (the issuing office, the site name) are one string, not one per page.
  assert.equal(ka!.metadata["发布机构"], kb!.metadata["发布机构"]);
  assert.equal(ka!.meta.siteName, "示例区人民政府");
  // Each article keeps its own title, date and 索引号.
  assert.notEqual(ka!.title, kb!.title);
  assert.equal(kb!.published, "2026-03-02");
});

test("column pages share the menu they repeat; what the model keeps cannot be changed through a page", () => {
  const model = new SiteModel();
  const p1 = read(column("财政预决算", "czyjs", 1), "/xxgk/czyjs/");
  const p2 = read(column("政府信息公开年报", "zfxxgknb", 1), "/xxgk/zfxxgknb/");
  model.addPage(p1);
  model.addPage(p2);
  const [k1, k2] = [model.page(p1.url)!, model.page(p2.url)!];
  assert.ok(k1.nav.length > 0, "the tree is read as navigation");
  assert.equal(k1.nav, k2.nav, "one copy of the tree");
  assert.ok(Object.isFrozen(k1.nav[0]));
  // The columns the model derives are the same as from unshared facts.
  const names = model.columns().map((c) => c.name);
  for (const n of ["政府信息公开", "财政预决算", "政府信息公开年报"]) assert.ok(names.includes(n), n);
  // A page's list items are its own.
  assert.notEqual(k1.items, k2.items);
  assert.equal(k2.items[0]!.title, "第1页的一条");
});

test("a site where no trail repeats (each ends in the article's title) still keeps every page right", () => {
  const model = new SiteModel();
  const urls: string[] = [];
  for (let i = 0; i < 2_500; i++) {
    const html = `<html><head><meta charset="utf-8"><title>公告${i}</title></head><body><div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a> &gt; <span>公告${i}</span></div></body></html>`;
    const f = read(html, `/tzgg/t${i}.html`);
    urls.push(f.url);
    model.addPage(f);
  }
  assert.equal(model.pages.size, 2_500);
  for (const i of [0, 1_999, 2_000, 2_499]) assert.deepEqual(model.page(urls[i]!)!.breadcrumb.map((c) => c.name), ["首页", "通知公告", `公告${i}`]);
});
