/** Limits of one request, against the fault-injection server: timeouts, resets, retries, Retry-After, redirects, body cap, compression. */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { byteSize } from "../src/cli/crawl-options.js";
import { HttpClient, type RequestLog } from "../src/crawl/client.js";
import { Crawler, DEFAULT_USER_AGENT } from "../src/crawl/crawler.js";
import { fetchUrl, parseRetryAfter, type FetchOptions } from "../src/crawl/fetch.js";
import { HostScheduler } from "../src/crawl/hosts.js";
import { compressed, failTimes, hang, html, huge, redirect, reset, startFaultServer, status, type FaultServer } from "./helpers/fault-server.js";

const page = "<html><head><meta charset=utf-8><title>政务公开</title></head><body><p>政府信息公开目录</p></body></html>";
let server: FaultServer;
let other: FaultServer;

before(async () => {
  other = await startFaultServer({ "/": html(page) });
  const chain: Record<string, ReturnType<typeof redirect>> = {};
  for (let i = 0; i < 12; i++) chain[`/chain/${i}`] = redirect(`/chain/${i + 1}`);
  server = await startFaultServer({
    "/ok": html(page),
    "/hang": hang(),
    "/reset": reset(),
    "/flaky": failTimes(2, status(503), html(page)),
    "/flaky-reset": failTimes(1, reset(), html(page)),
    "/always-500": status(500),
    "/busy": failTimes(1, status(429, "", { "retry-after": "1" }), html(page)),
    "/busy-forever": status(429, "", { "retry-after": "3600" }),
    "/not-implemented": status(501),
    "/loop/a": redirect("/loop/b"),
    "/loop/b": redirect("/loop/a"),
    "/to-other": redirect(`${other.url}`),
    "/moved": redirect("/ok", 301),
    ...chain,
    "/chain/12": html(page),
    "/huge": huge(3 * 1024 * 1024, "<html><head><meta charset=utf-8><title>大页面</title></head><body>"),
    "/gzip": compressed(page, "gzip"),
    "/deflate": compressed(page, "deflate"),
    "/br": compressed(page, "br"),
    "/pdf": html(Buffer.from("%PDF-1.4 …"), { type: "application/pdf" }),
  });
});
after(async () => {
  await server.close();
  await other.close();
});

const base = (): FetchOptions => ({ timeoutMs: 2000, maxBytes: 5 * 1024 * 1024, maxRedirects: 10, userAgent: "zwgk-test/1", inScope: (u) => u.startsWith(server.origin) });

function client(overrides: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  const logs: RequestLog[] = [];
  const c = new HttpClient({
    timeoutMs: 2000,
    maxBytes: 5 * 1024 * 1024,
    maxRedirects: 10,
    userAgent: "zwgk-test/1",
    retries: 2,
    retryBaseMs: 20,
    maxRetryAfterMs: 5000,
    scheduler: new HostScheduler({ perHost: 2, intervalMs: 0 }),
    onRequest: (l) => logs.push(l),
    ...overrides,
  });
  return { c, logs };
}
const any = { inScope: () => true };

test("a server that never answers times out, is retried, and is reported as a timeout", async () => {
  const { c, logs } = client({ timeoutMs: 300, retries: 1 });
  const out = await c.get(`${server.url}hang`, any);
  assert.equal(out.ok, false);
  assert.ok(!out.ok && out.kind === "timeout", JSON.stringify(out));
  assert.match(!out.ok ? out.reason : "", /timeout after 300 ms \(after 2 attempts\)/);
  assert.equal(server.hits.get("/hang"), 2, "one retry");
  assert.equal(logs.length, 2);
  assert.ok(logs[0]!.retryInMs !== undefined && logs[1]!.retryInMs === undefined);
});

test("a connection reset is a network failure, retried; a reset then success succeeds", async () => {
  const { c } = client({ retries: 1 });
  const out = await c.get(`${server.url}reset`, any);
  assert.ok(!out.ok && out.kind === "network", JSON.stringify(out));
  assert.equal(server.hits.get("/reset"), 2);
  const again = await c.get(`${server.url}flaky-reset`, any);
  assert.ok(again.ok, JSON.stringify(again));
  assert.equal(again.attempts, 2);
});

test("5xx twice then success: retried with backoff and fetched", async () => {
  const { c, logs } = client();
  const out = await c.get(`${server.url}flaky`, any);
  assert.ok(out.ok);
  assert.equal(out.attempts, 3);
  assert.equal(server.hits.get("/flaky"), 3);
  assert.equal(c.retries, 2);
  assert.deepEqual(logs.map((l) => l.status), [503, 503, 200]);
});

test("5xx every time: the failure says how many attempts; 501 is not retried", async () => {
  const { c } = client();
  const out = await c.get(`${server.url}always-500`, any);
  assert.ok(!out.ok && out.kind === "server-error");
  assert.equal(!out.ok && out.reason, "HTTP 500 (after 3 attempts)");
  const ni = await c.get(`${server.url}not-implemented`, any);
  assert.ok(!ni.ok && ni.attempts === 1);
  assert.equal(server.hits.get("/not-implemented"), 1);
});

test("backoff is exponential with jitter: each window doubles, the wait lies in its upper half", async () => {
  for (const r of [0, 0.999]) {
    const { c, logs } = client({ retries: 3, retryBaseMs: 40, random: () => r });
    await c.get(`${server.url}always-500`, any);
    const waits = logs.map((l) => l.retryInMs).filter((w): w is number => w !== undefined);
    assert.equal(waits.length, 3);
    waits.forEach((w, i) => {
      const window = 40 * 2 ** i;
      assert.ok(w >= window / 2 && w <= window, `retry ${i + 1} waited ${w} ms, window ${window}`);
    });
  }
});

test("429 with Retry-After: the client waits as told, then succeeds; a Retry-After too long is given up on", async () => {
  const { c } = client();
  const out = await c.get(`${server.url}busy`, any);
  assert.ok(out.ok);
  const [first, second] = server.log.filter((h) => h.path === "/busy");
  assert.ok(second!.at - first!.at >= 950, `waited ${second!.at - first!.at} ms for Retry-After: 1`);
  const forever = await c.get(`${server.url}busy-forever`, any);
  assert.ok(!forever.ok && forever.kind === "rate-limited");
  assert.match(!forever.ok ? forever.reason : "", /Retry-After 3600 s is longer than zwgk waits/);
  assert.equal(server.hits.get("/busy-forever"), 1);
});

test("Retry-After as seconds and as an HTTP date", () => {
  const now = Date.parse("2026-11-26T00:00:00Z");
  assert.equal(parseRetryAfter("120", now), 120_000);
  assert.equal(parseRetryAfter("Thu, 26 Nov 2026 00:00:30 GMT", now), 30_000);
  assert.equal(parseRetryAfter("soon", now), undefined);
});

test("redirects: a loop is detected, more than 10 hops refused, 10 followed, scope re-checked on each hop", async () => {
  const loop = await fetchUrl(`${server.url}loop/a`, base());
  assert.ok(!loop.ok && loop.kind === "redirect");
  assert.match(!loop.ok ? loop.reason : "", /redirect loop/);
  const tooMany = await fetchUrl(`${server.url}chain/0`, base());
  assert.match(!tooMany.ok ? tooMany.reason : "", /more than 10 redirects/);
  const ten = await fetchUrl(`${server.url}chain/2`, base());
  assert.ok(ten.ok && ten.redirects.length === 10 && ten.finalUrl.endsWith("/chain/12"));
  const away = await fetchUrl(`${server.url}to-other`, base());
  assert.match(!away.ok ? away.reason : "", new RegExp(`redirects out of scope to ${other.url}`));
  assert.equal(other.hits.size, 0, "the out-of-scope host was never contacted");
  const moved = await fetchUrl(`${server.url}moved`, base());
  assert.ok(moved.ok && moved.finalUrl === `${server.url}ok` && moved.hops === 2);
});

test("a huge body is cut at the size cap and marked truncated", async () => {
  const out = await fetchUrl(`${server.url}huge`, { ...base(), maxBytes: 256 * 1024 });
  assert.ok(out.ok);
  assert.equal(out.body.length, 256 * 1024);
  assert.equal(out.truncated, true);
  const whole = await fetchUrl(`${server.url}ok`, base());
  assert.ok(whole.ok && !whole.truncated);
});

test("gzip, deflate and br bodies are decompressed", async () => {
  for (const enc of ["gzip", "deflate", "br"]) {
    const out = await fetchUrl(`${server.url}${enc}`, base());
    assert.ok(out.ok, enc);
    assert.equal(out.body.toString("utf8"), page, enc);
    assert.equal(server.log.find((h) => h.path === `/${enc}`)!.headers["accept-encoding"], "gzip, deflate, br");
  }
});

test("a document's body is not downloaded when the caller only wants pages", async () => {
  const out = await fetchUrl(`${server.url}pdf`, { ...base(), wantBody: (h) => /html/.test(h["content-type"] ?? "") });
  assert.ok(out.ok && out.bodySkipped === true && out.body.length === 0);
});

test("a crawled page cut at --max-body is still read, and the report notes the truncation", async () => {
  const r = await new Crawler({ maxPages: 5, timeoutMs: 3000, concurrency: 2, userAgent: DEFAULT_USER_AGENT, maxBytes: 64 * 1024, maxRedirects: 10, intervalMs: 0 }).crawl(`${server.url}huge`);
  assert.equal(r.stats.pagesFetched, 1);
  assert.equal(r.model.page(`${server.url}huge`)!.title, "大页面");
  assert.deepEqual(r.info?.truncated, [`${server.url}huge`]);
  assert.ok(r.info?.notes.includes(`1 page(s) cut at the 64 KB body limit: ${server.url}huge`), JSON.stringify(r.info?.notes));
  assert.equal(byteSize("5MB"), 5 * 1024 * 1024);
  assert.equal(byteSize("512kb"), 512 * 1024);
  assert.throws(() => byteSize("10"), /--max-body takes a size of at least 1KB/);
});
