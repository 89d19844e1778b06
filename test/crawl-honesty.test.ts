/**
 * Honesty: what the crawler could not see is `unreachable` with the reason, never `missing`.
 * A 403, a 412 script challenge, a WAF block page, a 429 that does not relent, a timeout —
 * each in front of the 政务公开 landing of a small site — and the same site unguarded.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv } from "ajv";
import type { Report } from "../src/report/types.js";
import { detectBlock } from "../src/crawl/block.js";
import { govPage, hang, html, startFaultServer, status, type FaultServer, type Route } from "./helpers/fault-server.js";
import { repoRoot, runCli } from "./helpers/cli.js";

const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(resolve(repoRoot, "docs", "report.schema.json"), "utf8")) as object);

const nav: [string, string][] = [
  ["首页", "/"],
  ["政务公开", "/zwgk/"],
  ["新闻动态", "/xwdt/"],
  ["专题专栏", "/ztzl/"],
];
const column = (name: string, slug: string) =>
  html(govPage({ title: name, nav, crumbs: [["政务公开", "/zwgk/"], ["政府信息公开目录", "/zwgk/zfxxgkml/"], [name]], items: [[`${name}（2026年版）`, `/zwgk/zfxxgkml/${slug}/t20261120_1.html`, "2026-11-20"]] }));

let guard: Route;
let topics: Route = html(govPage({ title: "专题专栏", nav, crumbs: [["专题专栏"]] }));
let site: FaultServer;
before(async () => {
  site = await startFaultServer({
    "/": (req, res, s) => (startGuard ?? html(govPage({ title: "首页", nav, body: '<a href="/wzdt/">网站地图</a>' })))(req, res, s),
    "/xwdt/": html(govPage({ title: "新闻动态", nav, crumbs: [["新闻动态"]], items: [["某某工作动态", "/xwdt/t20261101_1.html", "2026-11-01"]] })),
    "/zwgk/": (req, res, s) => guard(req, res, s),
    "/ztzl/": (req, res, s) => topics(req, res, s),
    "/zwgk/zfxxgkml/": html(govPage({ title: "政府信息公开目录", nav, crumbs: [["政务公开", "/zwgk/"], ["政府信息公开目录"]], body: '<ul class="xxgk-tree"><li><a href="/zwgk/zfxxgkml/scjrfmqd/">市场准入负面清单</a></li><li><a href="/zwgk/zfxxgkml/zcjd/">政策解读</a></li></ul>' })),
    "/zwgk/zfxxgkml/scjrfmqd/": column("市场准入负面清单", "scjrfmqd"),
    "/zwgk/zfxxgkml/zcjd/": column("政策解读", "zcjd"),
  });
});
after(() => site.close());
let startGuard: Route | undefined;

const landing = html(govPage({ title: "政务公开", nav, crumbs: [["政务公开"]], body: '<ul class="xxgk-tree"><li><a href="/zwgk/zfxxgkml/">政府信息公开目录</a></li></ul>' }));
const fast = ["--interval", "0", "--retries", "1", "--timeout", "500", "--rules", "fixtures/rules/crawl.yaml", "--unit", "测试局", "--as-of", "2026-11-26", "--format", "json", "--no-national"];

async function run(): Promise<{ code: number; report: Report; stderr: string }> {
  const r = await runCli(["check", site.url, ...fast]);
  assert.ok(r.stdout.startsWith("{"), r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  assert.ok(validate(report), `the report follows docs/report.schema.json: ${JSON.stringify(validate.errors)}`);
  return { code: r.code, report, stderr: r.stderr };
}
const statuses = (r: Report) => Object.fromEntries(r.units[0]!.findings.map((f) => [f.rule, f.status]));

test("unguarded: the columns are present, the one the site lacks is missing", async () => {
  guard = landing;
  const { report } = await run();
  assert.deepEqual(statuses(report), { "c.1": "present", "c.2": "present", "c.3": "missing" });
  assert.equal(report.units[0]!.crawl.failures.length, 1, "only the footer's 404 网站地图");
  assert.equal(report.units[0]!.crawl.failures[0]!.kind, "http");
});

const guards: { name: string; route: Route; kind: string; reason: RegExp }[] = [
  { name: "403", route: status(403, "<html><body>Forbidden</body></html>"), kind: "forbidden", reason: /HTTP 403 Forbidden/ },
  { name: "403 from 安全狗", route: status(403, "<html><head><title>网站防火墙</title></head><body>您的访问被安全狗拦截 safedog</body></html>"), kind: "forbidden", reason: /403.*安全狗/ },
  {
    name: "412 script challenge",
    route: status(412, '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><script type="text/javascript">$_ts=window[\'$_ts\'];if(!$_ts)$_ts={};$_ts.nsd=12345;</script><script src="/x.js"></script></head><body></body></html>'),
    kind: "challenge",
    reason: /HTTP 412 with a script challenge/,
  },
  { name: "WAF block page with status 200", route: html('<html><head><meta charset="utf-8"><title>云锁</title></head><body><h1>您的访问请求可能对网站造成安全威胁，已被云锁拦截</h1><p>yunsuo</p></body></html>'), kind: "waf", reason: /WAF block page \(云锁/ },
  { name: "cookie challenge with status 200", route: html('<html><body><script>document.cookie="__jsl_clearance=1599;max-age=3600;path=/";location.href=location.pathname+location.search</script></body></html>'), kind: "challenge", reason: /script challenge page \(加速乐/ },
  { name: "429 after retries", route: status(429, "", { "retry-after": "0" }), kind: "rate-limited", reason: /HTTP 429 Too Many Requests \(after 2 attempts\)/ },
  { name: "timeout", route: hang(), kind: "timeout", reason: /timeout after 500 ms \(after 2 attempts\)/ },
];

for (const g of guards) {
  test(`guarded by ${g.name}: every column behind it is unreachable with the reason, never missing`, async () => {
    guard = g.route;
    const { code, report } = await run();
    const unit = report.units[0]!;
    assert.deepEqual(statuses(report), { "c.1": "unreachable", "c.2": "unreachable", "c.3": "unreachable" });
    for (const f of unit.findings) {
      assert.match(f.evidence.reason ?? "", g.reason, `${f.rule}: ${f.evidence.reason}`);
      assert.ok(f.evidence.reasonZh, "a Chinese reason for the 整改通知");
    }
    const failed = unit.crawl.failures.find((f) => f.url === `${site.url}zwgk/`);
    assert.ok(failed, "the guarded URL is listed");
    assert.equal(failed.kind, g.kind);
    assert.match(failed.reason, g.reason);
    assert.equal(unit.crawl.failureCounts?.[g.kind], 1, "counted per unit by kind");
    assert.equal(report.complete, true, "the crawl itself finished");
    assert.equal(code, 1, "unreachable error-level rules are problems");
  });
}

test("a guarded menu link named unlike the column: found columns stay present, a not-found one is unreachable, not missing", async () => {
  guard = landing;
  const before = topics;
  topics = status(403);
  try {
    const { report } = await run();
    assert.deepEqual(statuses(report), { "c.1": "present", "c.2": "present", "c.3": "unreachable" });
    const c3 = report.units[0]!.findings.find((f) => f.rule === "c.3")!;
    assert.match(c3.evidence.reason ?? "", /1 page\(s\) that may lead to it could not be fetched \(http:\/\/127\.0\.0\.1:\d+\/ztzl\/: HTTP 403/);
  } finally {
    topics = before;
  }
});

test("a guarded start page: the site is unreachable, exit 3, the partial report says why", async () => {
  startGuard = status(412, "<html><script>var $_ts={};</script></html>");
  try {
    const { code, report, stderr } = await run();
    assert.equal(code, 3);
    assert.equal(report.complete, false);
    assert.match(report.incompleteReason ?? "", /HTTP 412 with a script challenge/);
    assert.deepEqual(statuses(report), { "c.1": "unreachable", "c.2": "unreachable", "c.3": "unreachable" });
    assert.equal(report.units[0]!.crawl.stoppedBy, "start-failed");
    assert.equal(report.units[0]!.crawl.failures[0]!.kind, "challenge");
    assert.match(stderr, /zwgk: incomplete/);
  } finally {
    startGuard = undefined;
  }
});

test("block detection leaves real pages alone", () => {
  const article = govPage({ title: "网络安全宣传周", nav, crumbs: [["新闻动态"]], body: `<div class="TRS_Editor">${"本周开展网络安全宣传，讲解防火墙、WAF 与访问控制的基本知识。".repeat(30)}</div>` });
  assert.equal(detectBlock(200, {}, article), null);
  assert.equal(detectBlock(404, {}, "<html><body>404 Not Found</body></html>"), null);
  assert.equal(detectBlock(200, { server: "safedog" }, "<html><body>欢迎访问</body></html>"), null, "a vendor header alone does not make a page a block");
});
