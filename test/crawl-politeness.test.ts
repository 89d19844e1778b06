/** Politeness: per-host concurrency, the interval between requests, robots.txt (Disallow, Crawl-delay), the User-Agent. */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { Crawler, DEFAULT_USER_AGENT, type CrawlOptions } from "../src/crawl/crawler.js";
import { HostScheduler } from "../src/crawl/hosts.js";
import type { Report } from "../src/report/types.js";
import { govPage, html, slow, startFaultServer, status, text, type FaultServer, type Route } from "./helpers/fault-server.js";
import { runCli } from "./helpers/cli.js";

const servers: FaultServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

const base: CrawlOptions = { maxPages: 50, timeoutMs: 3000, concurrency: 8, userAgent: DEFAULT_USER_AGENT, maxBytes: 1 << 20, maxRedirects: 10, retries: 0 };

/** A home page linking to n column pages in its menu. */
function menuSite(n: number, wrap: (r: Route) => Route = (r) => r, extra: Record<string, Route> = {}): Record<string, Route> {
  const nav: [string, string][] = Array.from({ length: n }, (_, i) => [`栏目${i}`, `/c${i}/`]);
  const routes: Record<string, Route> = { "/": wrap(html(govPage({ title: "首页", nav }))) };
  for (let i = 0; i < n; i++) routes[`/c${i}/`] = wrap(html(govPage({ title: `栏目${i}`, nav: [], crumbs: [[`栏目${i}`]] })));
  return { ...routes, ...extra };
}

async function serve(routes: Record<string, Route>): Promise<FaultServer> {
  const s = await startFaultServer(routes);
  servers.push(s);
  return s;
}

/** Wraps routes to record the most requests the server had in flight at once. */
function tracker() {
  let now = 0;
  const t = {
    max: 0,
    wrap: (r: Route): Route => async (req, res, s) => {
      now++;
      t.max = Math.max(t.max, now);
      res.on("close", () => now--);
      await r(req, res, s);
    },
  };
  return t;
}

const pageStarts = (s: FaultServer) => s.log.filter((h) => h.path !== "/robots.txt").map((h) => h.at);

test("per-host concurrency: never more than --per-host-concurrency requests in flight to one host", async () => {
  const t = tracker();
  const site = await serve(menuSite(10, (r) => t.wrap(slow(120, r))));
  const result = await new Crawler({ ...base, perHostConcurrency: 2, intervalMs: 0 }).crawl(site.url);
  assert.equal(result.stats.pagesFetched, 11);
  assert.equal(t.max, 2, "two at a time, though the crawl allows eight");
  const one = tracker();
  const site1 = await serve(menuSite(4, (r) => one.wrap(slow(60, r))));
  await new Crawler({ ...base, perHostConcurrency: 1, intervalMs: 0 }).crawl(site1.url);
  assert.equal(one.max, 1);
});

test("interval: requests to one host start at least --interval ms apart", async () => {
  const site = await serve(menuSite(5));
  await new Crawler({ ...base, perHostConcurrency: 2, intervalMs: 200 }).crawl(site.url);
  const starts = site.log.map((h) => h.at);
  assert.equal(starts.length, 7, "robots.txt, home, five columns");
  for (let i = 1; i < starts.length; i++) assert.ok(starts[i]! - starts[i - 1]! >= 190, `gap ${i}: ${starts[i]! - starts[i - 1]!} ms`);
});

test("the scheduler: a Retry-After holds back the whole host, an abort frees a waiting request", async () => {
  const s = new HostScheduler({ perHost: 1, intervalMs: 0 });
  const t0 = Date.now();
  s.pushBack("h", t0 + 150);
  (await s.acquire("h"))();
  assert.ok(Date.now() - t0 >= 140);
  const hold = await s.acquire("h");
  const controller = new AbortController();
  const waiting = s.acquire("h", controller.signal);
  controller.abort(new Error("stop"));
  await assert.rejects(waiting, /stop/);
  hold();
});

test("robots.txt: Disallow is obeyed, the URL is listed with the reason, the column is unreachable, not missing", async () => {
  const nav: [string, string][] = [
    ["政务公开", "/zwgk/"],
    ["政府信息公开年报", "/private/nb/"],
  ];
  const site = await serve({
    "/robots.txt": text("User-agent: *\nDisallow: /private/\n"),
    "/": html(govPage({ title: "首页", nav })),
    "/zwgk/": html(govPage({ title: "政务公开", nav, crumbs: [["政务公开"]] })),
    "/private/nb/": html(govPage({ title: "政府信息公开年报", nav, crumbs: [["政务公开", "/zwgk/"], ["政府信息公开年报"]], items: [["2025年政府信息公开工作年度报告", "/private/nb/a.html", "2026-01-20"]] })),
  });
  const r = await runCli(["check", site.url, "--interval", "0", "--rules", "fixtures/rules/crawl.yaml", "--unit", "测试局", "--as-of", "2026-11-26", "--format", "json", "--no-national"]);
  const unit = (JSON.parse(r.stdout) as Report).units[0]!;
  assert.equal(site.hits.get("/private/nb/"), undefined, "never requested");
  const failure = unit.crawl.failures.find((f) => f.url.endsWith("/private/nb/"))!;
  assert.equal(failure.kind, "robots");
  assert.match(failure.reason, /disallowed by http:\/\/127\.0\.0\.1:\d+\/robots\.txt/);
  assert.equal(unit.findings.find((f) => f.rule === "c.3")!.status, "unreachable");
  assert.equal(unit.crawl.robots?.[0]?.status, "found");
  assert.equal(unit.crawl.robots?.[0]?.disallowed, 1);
  assert.equal(unit.crawl.skipped?.robots, 1);

  const ignored = await runCli(["check", site.url, "--interval", "0", "--ignore-robots", "--rules", "fixtures/rules/crawl.yaml", "--unit", "测试局", "--as-of", "2026-11-26", "--format", "json", "--no-national"]);
  const u2 = (JSON.parse(ignored.stdout) as Report).units[0]!;
  assert.equal(site.hits.get("/private/nb/"), 1, "--ignore-robots fetches it");
  assert.equal(u2.findings.find((f) => f.rule === "c.3")!.status, "present");
  assert.ok(u2.crawl.notes?.includes("robots.txt ignored (--ignore-robots)"), JSON.stringify(u2.crawl.notes));
  assert.equal(u2.crawl.robots?.[0]?.status, "ignored");
  assert.equal(site.hits.get("/robots.txt"), 1, "not even read with --ignore-robots");
  const shown = await runCli(["check", site.url, "--interval", "0", "--ignore-robots", "--rules", "fixtures/rules/crawl.yaml", "--unit", "测试局", "--as-of", "2026-11-26", "--no-national"]);
  assert.match(shown.stdout, /note: robots\.txt ignored \(--ignore-robots\)/, "the text report says so too");
});

test("robots.txt Crawl-delay sets the interval for its host, and the report says so", async () => {
  const site = await serve(menuSite(2, (r) => r, { "/robots.txt": text("User-agent: zwgk\nCrawl-delay: 1\n") }));
  const result = await new Crawler({ ...base, intervalMs: 0 }).crawl(site.url);
  const starts = pageStarts(site);
  assert.equal(starts.length, 3);
  for (let i = 1; i < starts.length; i++) assert.ok(starts[i]! - starts[i - 1]! >= 980, `gap ${starts[i]! - starts[i - 1]!} ms`);
  assert.equal(result.info?.robots[0]?.crawlDelayMs, 1000);
  assert.ok(result.info?.notes.some((n) => /Crawl-delay: 1 s honoured/.test(n)));
});

test("User-Agent: identifying by default, overridable, and robots.txt is read for the overriding agent", async () => {
  const site = await serve(menuSite(1, (r) => r, { "/robots.txt": text("User-agent: otherbot\nDisallow: /c0/\n") }));
  await new Crawler({ ...base, intervalMs: 0 }).crawl(site.url);
  const ua = site.log.find((h) => h.path === "/")!.headers["user-agent"]!;
  assert.match(ua, /^zwgk\/[\d.]+ \(\+https:\/\/\S+/, "product token and a project URL");
  assert.equal(site.hits.get("/c0/"), 1, "zwgk is not otherbot");
  const result = await new Crawler({ ...base, intervalMs: 0, userAgent: "OtherBot/2.0 (+https://example.org/bot)" }).crawl(site.url);
  assert.equal(site.log.at(-1)!.headers["user-agent"], "OtherBot/2.0 (+https://example.org/bot)");
  assert.equal(site.hits.get("/c0/"), 1, "disallowed for otherbot: not fetched again");
  assert.equal(result.model.failure(`${site.url}c0/`)?.kind, "robots");
});

test("robots.txt that fails with a server error means disallow all (RFC 9309): the site is unreachable, with that reason", async () => {
  const site = await serve(menuSite(1, (r) => r, { "/robots.txt": status(503) }));
  const r = await runCli(["check", site.url, "--interval", "0", "--retries", "0", "--rules", "fixtures/rules/crawl.yaml", "--unit", "测试局", "--as-of", "2026-11-26", "--format", "json", "--no-national"]);
  assert.equal(r.code, 3);
  const report = JSON.parse(r.stdout) as Report;
  assert.match(report.incompleteReason ?? "", /robots\.txt could not be fetched \(HTTP 503\).*RFC 9309.*--ignore-robots/);
  assert.equal(site.hits.get("/"), undefined, "the home page was not requested");
});

test("--user-agent must be ASCII; --per-host-concurrency at least 1", async () => {
  const ua = await runCli(["check", "http://127.0.0.1:9/", "--user-agent", "政务机器人"]);
  assert.equal(ua.code, 2);
  assert.match(ua.stderr, /--user-agent must be printable ASCII/);
  const phc = await runCli(["check", "http://127.0.0.1:9/", "--per-host-concurrency", "0"]);
  assert.equal(phc.code, 2);
  assert.match(phc.stderr, /--per-host-concurrency takes a whole number of 1 or more/);
});
