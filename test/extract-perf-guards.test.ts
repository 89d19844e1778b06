/**
 * Guards for what the bench profile changed (docs/performance.md): the one-walk element
 * index, the href memo, cleanText without a lookbehind, the guard-page prefilters, the
 * per-hop abort signal. Each test fails if the faster path changes what zwgk reads.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { detectBlock } from "../src/crawl/block.js";
import { decodeHtml, quality } from "../src/crawl/decode.js";
import { fetchUrl } from "../src/crawl/fetch.js";
import { parseDom, textOf, visibleText } from "../src/site/dom.js";
import { extractPage, readPage } from "../src/site/page.js";
import { cleanText, detach, resolveHref } from "../src/site/text.js";
import { hang, html, startFaultServer, type FaultServer } from "./helpers/fault-server.js";

test("the element index sorts elements as the selectors it replaced did", () => {
  const dom = parseDom(`<html><head><title>T</title><meta name="PubDate" content="2024-01-02"><meta name="pubdate" content="1999-01-01"></head><body>
    <div class="TopNav"><a href="/a">甲</a></div>
    <div id="SideMenu"><a href="/b">乙</a></div>
    <nav><a href="/c">丙</a></nav>
    <div class="bread-crumb">当前位置：<a href="/">首页</a></div>
    <div class="PageFooter">版权</div><footer>页脚</footer>
    <div class="TRS_Editor">正文</div><div class="trs_editor">not the TRS class (case differs)</div>
    <div id="zoom">放大</div><div class="zoomed">zoomed is not .zoom</div><div class="main-content">内容</div>
    <a class="CurrChnlCls" href="/x">栏目</a><a>no href</a>
    <noscript><a href="/hidden">隐藏</a><iframe src="/f2"></iframe></noscript><iframe src="/f1"></iframe>
    <script>var s = "当前位置 in a script";</script>
  </body></html>`);
  const cls = (set: Iterable<{ attribs: Record<string, string> }>) => [...set].map((e) => e.attribs.class ?? e.attribs.id ?? "");
  assert.deepEqual(cls(dom.nav), ["TopNav", "SideMenu", ""]);
  assert.deepEqual(cls(dom.breadcrumb), ["bread-crumb"]);
  assert.deepEqual(cls(dom.layout), ["PageFooter", ""]);
  assert.deepEqual(cls(dom.content), ["TRS_Editor", "zoom", "main-content"]);
  assert.equal(dom.anchors.length, 6, "a[href] only");
  assert.equal(dom.shownAnchors.length, 5, "the <noscript> link is not shown");
  assert.deepEqual(dom.frames.map((f) => f.attribs.src), ["/f1"]);
  assert.equal(dom.currentChannelLinks.length, 1);
  assert.equal(dom.positionTexts.length, 1, "text in scripts is not a breadcrumb label");
  assert.equal(textOf(dom.title!), "T");
  assert.ok(!visibleText(dom.root).includes("in a script"));
});

test("extraction reads the first meta of a name, any case, as the selector did", () => {
  const facts = extractPage('<html><head><meta name="PubDate" content="2024-01-02"><meta name="pubdate" content="1999-01-01"><title>文章_示例区人民政府</title></head><body></body></html>', "http://gov.test/a/t20240102_1.html");
  assert.equal(facts.meta.pubDateMeta, "2024-01-02");
});

test("readPage returns the page's main text without menus, breadcrumbs, header or footer", () => {
  const { facts, mainText } = readPage('<html><body><div class="nav"><a href="/">首页</a></div><div class="content">办公地址：某路1号</div><div class="footer">联系电话：023-1</div></body></html>', "http://gov.test/lxwm/");
  assert.equal(mainText, "办公地址：某路1号");
  assert.equal(facts.contentChars, "办公地址：某路1号".length);
});

test("resolveHref: memoised per page and per origin, yet each base resolves relative hrefs its own way", () => {
  assert.equal(resolveHref("list.html", "http://gov.test/a/index.html"), "http://gov.test/a/list.html");
  assert.equal(resolveHref("list.html", "http://gov.test/b/index.html"), "http://gov.test/b/list.html");
  assert.equal(resolveHref("/zwgk/", "http://gov.test/a/"), "http://gov.test/zwgk/");
  assert.equal(resolveHref("/zwgk/", "http://other.test/a/"), "http://other.test/zwgk/", "a root-relative href belongs to the page's origin");
  assert.equal(resolveHref("/zwgk/#top", "http://gov.test/b/"), "http://gov.test/zwgk/");
  assert.equal(resolveHref("javascript:void(0)", "http://gov.test/"), null);
  assert.equal(resolveHref("HTTP://Gov.Test/X", "http://other.test/"), "http://gov.test/X");
});

test("cleanText folds whitespace and drops line breaks between CJK characters only", () => {
  assert.equal(cleanText("  政府信息\n  公开指南 "), "政府信息公开指南");
  assert.equal(cleanText("中 文 字"), "中文字");
  assert.equal(cleanText("2024 年 数据 open data"), "2024 年数据 open data");
  assert.equal(cleanText("a\u00a0\u3000b"), "a b");
  assert.equal(cleanText(undefined), "");
  assert.equal(detach("当前位置：首页 > 政务公开 > 政府信息公开目录"), "当前位置：首页 > 政务公开 > 政府信息公开目录");
});

test("the guard-page prefilters still let every block wording through", () => {
  for (const words of ["您的访问请求可能对网站造成安全威胁", "当前访问频率过高", "访问被拦截", "Access Denied"]) {
    const block = detectBlock(200, {}, `<html><body><p>${words}</p></body></html>`);
    assert.equal(block?.kind, "waf", words);
  }
  const challenge = detectBlock(200, {}, '<html><head><script>var $_ts=window["$_ts"];</script></head><body></body></html>');
  assert.equal(challenge?.kind, "challenge");
  const cookie = detectBlock(200, {}, '<html><script>document.cookie="a=1";location.reload()</script></html>');
  assert.equal(cookie?.kind, "challenge");
});

test("text quality counts characters outside the BMP once and reads GBK pages as GBK", () => {
  const q = quality("中文𠀀a");
  assert.equal(q.nonAscii, 3);
  assert.equal(q.cjk, 3);
  const gbk = Buffer.from([0xd6, 0xd0, 0xce, 0xc4]); // 中文 in GBK
  const decoded = decodeHtml(Buffer.concat([Buffer.from('<meta charset="gbk">'), gbk]), "text/html");
  assert.equal(decoded.encoding, "gbk");
  assert.ok(decoded.text.endsWith("中文"));
});

let server: FaultServer;
before(async () => {
  server = await startFaultServer({ "/ok": html("<html><body>ok</body></html>"), "/hang": hang() });
});
after(async () => {
  await server.close();
});

test("a fetch lets go of the caller's long-lived signal when it ends (no listener left behind)", async () => {
  const stop = new AbortController();
  const options = { timeoutMs: 300, maxBytes: 1_000_000, maxRedirects: 5, userAgent: "zwgk-test/1", inScope: () => true, signal: stop.signal };
  for (let i = 0; i < 12; i++) assert.equal((await fetchUrl(`${server.url}ok`, options)).ok, true);
  const timedOut = await fetchUrl(`${server.url}hang`, options);
  assert.equal(timedOut.ok, false);
  assert.equal(!timedOut.ok && timedOut.kind, "timeout");
  assert.equal(getEventListeners(stop.signal, "abort").length, 0);
  // In flight, the hop listens to the caller's signal, and the caller's abort stops it.
  const pending = fetchUrl(`${server.url}hang`, { ...options, timeoutMs: 10_000 });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(getEventListeners(stop.signal, "abort").length, 1);
  stop.abort();
  const interrupted = await pending;
  assert.equal(!interrupted.ok && interrupted.kind, "interrupted");
  assert.equal(getEventListeners(stop.signal, "abort").length, 0);
});

test("footer marks are read on home and column pages, not on article pages", () => {
  const footer = '<div class="footer">网站标识码：5001120001 渝ICP备05003300号 渝公网安备 50011202500001号 <a href="https://bszs.conac.cn/">党政机关</a></div>';
  const home = extractPage(`<html><body>${footer}</body></html>`, "http://gov.test/");
  assert.equal(home.marks?.siteCode, "5001120001");
  assert.equal(home.marks?.icp, true);
  const article = extractPage(`<html><head><meta name="ArticleTitle" content="通知"></head><body>${footer}</body></html>`, "http://gov.test/zwgk/202401/t20240102_1.html");
  assert.equal(article.kind, "detail");
  assert.equal(article.marks, undefined);
});
