/**
 * Scope and traps: the www twin and --allow-host, --include/--exclude, --max-depth, and the
 * guards that make a crawl end on sites that generate links forever. Host names are mapped
 * to 127.0.0.1 by the test's own DNS lookup, so several "hosts" share one fault server.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Agent } from "undici";
import { Crawler, DEFAULT_USER_AGENT, type CrawlOptions } from "../src/crawl/crawler.js";
import { canonicalUrl, TrapGuard } from "../src/crawl/scope.js";
import { govPage, html, startFaultServer, type FaultServer, type Route } from "./helpers/fault-server.js";

type Lookup = (host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => void;
const toLoopback: Lookup = (_host, options, callback) => (options?.all ? callback(null, [{ address: "127.0.0.1", family: 4 }]) : callback(null, "127.0.0.1", 4));
const dispatcher = new Agent({ connect: { lookup: toLoopback } as never });

let server: FaultServer;
let port: number;
const at = (host: string, path = "/") => `http://${host}:${port}${path}`;
const hostsOf = (path: string) => server.log.filter((h) => h.path === path).map((h) => String(h.headers.host).replace(/:\d+$/, ""));

function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

before(async () => {
  // One server, many host names: routes see the path; the log keeps the Host header.
  server = await startFaultServer(
    {},
    {
      fallback: (path): Route | undefined => {
        const u = new URL(path, "http://x");
        const p = u.pathname;
        const nav: [string, string][] = [];
        if (p === "/") {
          nav.push(["政务公开", "/zwgk/"], ["新闻动态", "/xwdt/"], ["数据开放", at("data.test.gov.cn", "/open/")], ["合作网站", at("other.gov.cn", "/")], ["孪生", at("test.gov.cn", "/twin/")], ["深处", "/d/1/"]);
          nav.push(["日历", "/cal/?date=2026-01-01"], ["检索", "/search?q=a&page=1"], ["会话", "/list.jsp;jsessionid=A1B2C3"], ["嵌套", "/loop/"]);
          return html(
            govPage({
              title: "首页",
              nav,
              body: '<a href="/files/指南.pdf">政府信息公开指南（2026年版）</a> <a href="/files/清单.xlsx">权责清单</a> <a href="/files/清单.xlsx">下载</a> <a href="/download.jsp?id=7">年度报告</a> <a href="/bin/page">八进制流页面</a> <a href="/bin/file">数据包</a> <a href="/img/logo.png">logo</a>',
            }),
          );
        }
        if (p === "/download.jsp") return html(Buffer.from("%PDF-1.7"), { type: "application/pdf" });
        // Servers that label everything octet-stream: a page is still a page, a file still a file.
        if (p === "/bin/page") return html(govPage({ title: "八进制流页面", crumbs: [["八进制流页面"]] }), { type: "application/octet-stream" });
        if (p === "/bin/file") return html(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), { type: "application/octet-stream" });
        if (p.startsWith("/d/")) {
          const n = Number(p.split("/")[2]);
          return html(govPage({ title: `第${n}层`, nav: [[`第${n + 1}层`, `/d/${n + 1}/`]] }));
        }
        if (p === "/cal/") {
          // A calendar whose 下一天 never runs out.
          const date = u.searchParams.get("date")!;
          return html(govPage({ title: `日历 ${date}`, body: `<a href="/cal/?date=${addDays(date, 1)}">下一天</a>` }));
        }
        if (p === "/search") {
          const page = Number(u.searchParams.get("page"));
          return html(govPage({ title: "检索", body: `<a href="/search?q=a&page=${page + 1}&sort=${page % 3}">更多</a> <a href="/search?q=b${page}&page=1">相关</a>` }));
        }
        if (p.startsWith("/list.jsp")) {
          // Every link carries a fresh session id.
          return html(govPage({ title: "列表", body: `<a href="/list.jsp;jsessionid=${Math.random().toString(36).slice(2)}">刷新</a> <a href="/list.jsp?sid=${Math.random().toString(16).slice(2)}">再刷新</a>` }));
        }
        if (p.startsWith("/loop/")) {
          // A relative link that nests the path into itself: /loop/sub/sub/sub/…
          return html(govPage({ title: "嵌套", body: '<a href="sub/">下级</a>' }));
        }
        return html(govPage({ title: p, nav: [["首页", "/"]], crumbs: [[p]] }));
      },
    },
  );
  port = server.port;
});
after(async () => {
  await server.close();
  await dispatcher.close();
});

const base: CrawlOptions = { maxPages: 300, timeoutMs: 3000, concurrency: 4, userAgent: DEFAULT_USER_AGENT, maxBytes: 1 << 20, maxRedirects: 10, intervalMs: 0, dispatcher };

test("scope: start host and its www twin; other hosts only with --allow-host", async () => {
  server.log.length = 0;
  const plain = await new Crawler({ ...base, include: [/\/(twin|open)\/|:\d+\/$/] }).crawl(at("www.test.gov.cn"));
  assert.deepEqual(hostsOf("/twin/"), ["test.gov.cn"], "the non-www twin is the same site");
  assert.deepEqual(hostsOf("/open/"), [], "data.test.gov.cn is another host");
  assert.equal(plain.stats.stoppedBy, "done");
  server.log.length = 0;
  await new Crawler({ ...base, include: [/\/(twin|open)\/|:\d+\/$/], allowHosts: ["data.test.gov.cn"] }).crawl(at("www.test.gov.cn"));
  assert.deepEqual(hostsOf("/open/"), ["data.test.gov.cn"]);
  assert.ok(!server.log.some((h) => String(h.headers.host).startsWith("other.gov.cn")), "never other.gov.cn");
});

test("--include and --exclude patterns decide which URLs are followed", async () => {
  server.log.length = 0;
  await new Crawler({ ...base, exclude: [/\/(xwdt|cal|search|list\.jsp|loop|d)\//, /search|list\.jsp/] }).crawl(at("www.test.gov.cn"));
  const paths = new Set(server.log.map((h) => h.path));
  assert.ok(paths.has("/zwgk/"));
  assert.ok(!paths.has("/xwdt/"), "excluded");
  server.log.length = 0;
  const r = await new Crawler({ ...base, include: [/\/zwgk\//] }).crawl(at("www.test.gov.cn"));
  assert.deepEqual([...new Set(server.log.map((h) => h.path))].sort(), ["/", "/robots.txt", "/zwgk/"], "only the start page and what matches");
  assert.ok((r.info?.skipped["not-included"] ?? 0) > 0);
});

test("--max-depth caps link hops from the start page", async () => {
  const r = await new Crawler({ ...base, maxDepth: 3, include: [/\/d\//] }).crawl(at("www.test.gov.cn"));
  const depths = [...r.model.pages.keys()].filter((u) => u.includes("/d/")).map((u) => Number(u.split("/d/")[1]!.split("/")[0]));
  assert.deepEqual(depths.sort(), [1, 2, 3], "home is depth 0; /d/1/ depth 1 … /d/3/ depth 3");
  assert.equal(r.info?.skipped.depth, 1);
  assert.ok(r.info?.notes.some((n) => /deeper than --max-depth 3/.test(n)));
});

test("trap guards: a calendar without end, exploding queries, session ids and self-nesting paths all end", async () => {
  server.log.length = 0;
  const r = await new Crawler({ ...base, maxPages: 1000 }).crawl(at("www.test.gov.cn"));
  assert.equal(r.stats.stoppedBy, "done", "ended on its own, not at --max-pages");
  const count = (re: RegExp) => server.log.filter((h) => re.test(h.path)).length;
  assert.ok(count(/^\/cal\//) <= 3, `calendar pages fetched: ${count(/^\/cal\//)}`);
  assert.ok(count(/^\/search/) <= 20 + 20, `search pages fetched: ${count(/^\/search/)}`);
  assert.equal(count(/^\/list\.jsp/), 1, "one page, whatever its session id");
  assert.ok(count(/^\/loop\//) <= 3, `nested pages fetched: ${count(/^\/loop\//)}`);
  assert.ok((r.info?.skipped.trap ?? 0) > 0);
  assert.ok(r.info?.notes.some((n) => /trap guards refused .*calendar-chain/.test(n)), JSON.stringify(r.info?.notes));
  assert.ok(r.stats.requests < 100, `requests: ${r.stats.requests}`);
});

test("documents: PDF, XLSX and an extensionless download are recorded by link text and type, never downloaded", async () => {
  server.log.length = 0;
  const r = await new Crawler({ ...base, include: [/\/download\.jsp|\/bin\//] }).crawl(at("www.test.gov.cn"));
  const docs = [...r.model.documents.values()].map((d) => [d.text, d.type]);
  assert.deepEqual(
    docs.sort(),
    [
      ["数据包", "application/octet-stream"],
      ["年度报告", "pdf"],
      ["政府信息公开指南（2026年版）", "pdf"],
      ["权责清单", "xlsx"],
    ].sort(),
  );
  assert.ok(!server.log.some((h) => h.path.startsWith("/files/")), "files with a document extension are not requested at all");
  assert.ok(!server.log.some((h) => h.path.startsWith("/img/")), "images are neither pages nor documents");
  assert.equal(r.stats.pagesFetched, 2, "the home page and the octet-stream page; the downloads are not pages");
  assert.equal(r.model.page(at("www.test.gov.cn", "/bin/page"))?.title, "八进制流页面");
  assert.equal([...r.model.documents.values()].find((d) => d.type === "pdf" && d.url.includes("download"))!.foundOn, at("www.test.gov.cn"));
});

test("canonical URLs drop fragments and session ids, keep real parameters", () => {
  assert.equal(canonicalUrl("http://x.gov.cn/a/list.jsp;jsessionid=ABC?id=3#top"), "http://x.gov.cn/a/list.jsp?id=3");
  assert.equal(canonicalUrl("http://x.gov.cn/a?PHPSESSID=1f2e&page=2"), "http://x.gov.cn/a?page=2");
  assert.equal(canonicalUrl("http://x.gov.cn/(S(abc123def))/index.aspx"), "http://x.gov.cn/index.aspx");
  assert.equal(canonicalUrl("http://x.gov.cn/search?s=政务"), "http://x.gov.cn/search?s=%E6%94%BF%E5%8A%A1", "a search term named s stays");
});

test("trap guard families: dates in paths count as one calendar, distinct columns do not", () => {
  const g = new TrapGuard();
  const days = ["01", "02", "03", "04", "05"].map((d) => g.check(`http://x.gov.cn/rl/2026/01/${d}/`));
  assert.deepEqual(days.map((d) => d === null), [true, true, true, false, false]);
  const columns = Array.from({ length: 30 }, (_, i) => g.check(`http://x.gov.cn/zwgk/c${i}/index.html`));
  assert.ok(columns.every((c) => c === null), "thirty columns are thirty columns");
  assert.match(g.check("http://x.gov.cn/ab/cd/ab/cd/ab/cd/") ?? "", /repeated or runaway path/);
});
