/**
 * --cache revalidates with ETag / Last-Modified (the server counts its 304s); --snapshot
 * keeps every fetched page as evidence, and --from-snapshot re-checks it offline with the
 * same findings.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Report } from "../src/report/types.js";
import { siteDirName } from "../src/crawl/snapshot.js";
import { cacheable, govPage, html, startFaultServer, type FaultServer, type Route } from "./helpers/fault-server.js";
import { Ajv } from "ajv";
import { repoRoot, runCli } from "./helpers/cli.js";

const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(repoRoot, "docs", "report.schema.json"), "utf8")) as object);

const nav: [string, string][] = [
  ["政务公开", "/zwgk/"],
  ["新闻动态", "/xwdt/"],
];
const crumbs = (name: string): [string, string?][] => [["政务公开", "/zwgk/"], ["政府信息公开目录", "/zwgk/ml/"], [name]];
const pages: Record<string, string> = {
  "/": govPage({ title: "首页", nav }),
  "/zwgk/": govPage({ title: "政务公开", nav, crumbs: [["政务公开"]], body: '<ul class="xxgk-tree"><li><a href="/zwgk/ml/">政府信息公开目录</a></li></ul>' }),
  "/zwgk/ml/": govPage({ title: "政府信息公开目录", nav, crumbs: [["政务公开", "/zwgk/"], ["政府信息公开目录"]], body: '<ul class="xxgk-tree"><li><a href="/zwgk/ml/qd/">市场准入负面清单</a></li><li><a href="/zwgk/ml/jd/">政策解读</a></li></ul>' }),
  "/zwgk/ml/qd/": govPage({ title: "市场准入负面清单", nav, crumbs: crumbs("市场准入负面清单"), items: [["市场准入负面清单（2026年版）", "/zwgk/ml/qd/t20261101_1.html", "2026-11-01"]] }),
  // A list without dates: the follow-up reads the detail page for its 发布日期.
  "/zwgk/ml/jd/": govPage({ title: "政策解读", nav, crumbs: crumbs("政策解读"), body: '<ul class="list"><li><a href="/zwgk/ml/jd/t20261110_2.html">关于某某办法的政策解读</a></li><li><a href="/zwgk/ml/jd/t20261105_4.html">关于某某规定的政策解读</a></li></ul>' }),
  "/zwgk/ml/jd/t20261110_2.html": govPage({ title: "关于某某办法的政策解读", nav, crumbs: crumbs("政策解读"), body: '<table><tr><td>索引号</td><td>000-2026-1</td></tr><tr><td>发布日期</td><td>2026-11-10</td></tr></table><div class="TRS_Editor">解读正文</div>' }),
  "/zwgk/ml/jd/t20261105_4.html": govPage({ title: "关于某某规定的政策解读", nav, crumbs: crumbs("政策解读"), body: '<table><tr><td>索引号</td><td>000-2026-2</td></tr><tr><td>发布日期</td><td>2026-11-05</td></tr></table><div class="TRS_Editor">解读正文</div>' }),
  "/xwdt/": govPage({ title: "新闻动态", nav, crumbs: [["新闻动态"]], items: [["工作动态", "/xwdt/t20261120_3.html", "2026-11-20"]] }),
};

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "zwgk-cache-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const args = ["--interval", "0", "--rules", "fixtures/rules/crawl.yaml", "--unit", "测试局", "--as-of", "2026-11-26", "--format", "json", "--no-national"];
const run = async (url: string, extra: string[]) => {
  const r = await runCli(["check", url, ...args, ...extra]);
  assert.ok(r.stdout.startsWith("{"), r.stderr);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
};
const findings = (r: Report) => r.units[0]!.findings.map(({ rule, status, url, evidence, message }) => ({ rule, status, url, evidence, message }));

test("--cache: the second run revalidates every page and the server answers 304", async () => {
  const routes: Record<string, Route> = {};
  for (const [path, body] of Object.entries(pages)) routes[path] = path === "/xwdt/" ? lastModifiedOnly(body) : cacheable(body, `"v1-${path}"`);
  const site = await startFaultServer(routes);
  try {
    const cache = join(dir, "cache");
    const first = await run(site.url, ["--cache", cache]);
    assert.equal(site.notModified, 0);
    assert.ok(readdirSync(cache).length > 0, "responses stored");
    const served = site.log.length;
    const second = await run(site.url, ["--cache", cache]);
    const conditional = site.log.slice(served).filter((h) => h.headers["if-none-match"] || h.headers["if-modified-since"]);
    assert.ok(conditional.length >= 6, `conditional requests: ${conditional.length}`);
    assert.equal(site.notModified, conditional.length, "every conditional request was answered 304");
    assert.ok(site.log.slice(served).some((h) => h.path === "/xwdt/" && h.headers["if-modified-since"] && !h.headers["if-none-match"]), "Last-Modified alone is revalidated too");
    assert.equal(second.report.units[0]!.crawl.notModified, site.notModified);
    assert.deepEqual(findings(second.report), findings(first.report), "same findings from cached bodies");
  } finally {
    await site.close();
  }
});

test("--cache: a page that changed is downloaded again and the cache updated", async () => {
  let version = 1;
  const site = await startFaultServer({
    "/": (req, res, s) => cacheable(pages["/"]!.replace("首页", `首页v${version}`), `"home-${version}"`)(req, res, s),
  });
  try {
    const cache = join(dir, "cache-changed");
    await run(site.url, ["--cache", cache]);
    version = 2;
    const changed = await run(site.url, ["--cache", cache]);
    assert.equal(site.notModified, 0, "a new ETag is a new body");
    assert.equal(changed.report.units[0]!.crawl.notModified ?? 0, 0);
    await run(site.url, ["--cache", cache]);
    assert.equal(site.notModified, 1, "the new version was cached");
  } finally {
    await site.close();
  }
});

test("--snapshot keeps every page; --from-snapshot re-checks offline with the same findings", async () => {
  const routes: Record<string, Route> = {};
  for (const [path, body] of Object.entries(pages)) routes[path] = html(body);
  const site = await startFaultServer(routes);
  const snap = join(dir, "snap");
  let live;
  try {
    live = await run(site.url, ["--snapshot", snap]);
  } finally {
    await site.close();
  }
  const siteDir = join(snap, readdirSync(snap)[0]!);
  const manifest = JSON.parse(readFileSync(join(siteDir, "snapshot.json"), "utf8")) as { format: string; pages: string[]; startUrl: string };
  assert.equal(manifest.format, "zwgk-snapshot");
  assert.equal(manifest.pages.length, live.report.units[0]!.crawl.pagesFetched);
  const first = JSON.parse(readFileSync(join(siteDir, manifest.pages[0]!), "utf8")) as Record<string, unknown>;
  assert.deepEqual(Object.keys(first).sort(), ["body", "encoding", "fetchedAt", "finalUrl", "headers", "hops", "status", "truncated", "url"]);
  assert.equal(first.status, 200);
  assert.match(String(first.body), /首页_测试区人民政府/);
  assert.ok(existsSync(join(siteDir, "extra.jsonl")), "the follow-up's detail page is kept too");
  assert.match(readFileSync(join(siteDir, "extra.jsonl"), "utf8"), /t20261110_2\.html/);

  // The server is gone: only the snapshot can answer.
  const again = await runCli(["check", "--from-snapshot", snap, ...args]);
  assert.equal(again.code, live.code, again.stderr);
  const report = JSON.parse(again.stdout) as Report;
  assert.ok(validate(report), JSON.stringify(validate.errors));
  assert.ok(validate(live.report), JSON.stringify(validate.errors));
  assert.deepEqual(findings(report), findings(live.report));
  assert.equal(report.units[0]!.findings.find((f) => f.rule === "c.2")!.evidence.newestItem?.date, "2026-11-10", "the detail page's date came from the snapshot");
  assert.equal(report.units[0]!.crawl.pagesFetched, live.report.units[0]!.crawl.pagesFetched);
  assert.equal(report.units[0]!.crawl.requests, live.report.units[0]!.crawl.requests);
  assert.ok(report.units[0]!.crawl.fromSnapshot?.dir.startsWith(snap));
  assert.ok(report.units[0]!.crawl.notes?.some((n) => /re-checked offline from the snapshot/.test(n)));
});

test("--from-snapshot of a directory without a snapshot is a usage error that says how to make one", async () => {
  const r = await runCli(["check", "--from-snapshot", join(dir, "nothing-here"), ...args]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^zwgk: cannot read snapshot directory .*nothing-here: no such directory\n$/);
});

/** A page that carries only Last-Modified (no ETag). */
function lastModifiedOnly(body: string): Route {
  const lastModified = "Mon, 02 Nov 2026 08:00:00 GMT";
  return (req, res, state) => {
    if (req.headers["if-modified-since"] === lastModified) {
      state.notModified++;
      res.writeHead(304, { "last-modified": lastModified }).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "last-modified": lastModified }).end(body);
  };
}

test("snapshot directories: one per host and port, and per start path when a crawl starts below the root", async () => {
  assert.equal(siteDirName("https://www.example.gov.cn/"), "www.example.gov.cn");
  assert.equal(siteDirName("http://127.0.0.1:8080/index.html"), "127.0.0.1_8080");
  assert.equal(siteDirName("https://www.example.gov.cn/zwgk/zfxxgkml/"), "www.example.gov.cn__zwgk_zfxxgkml");
});

test("--cache that cannot be written: the crawl goes on without it, and the report says so", async () => {
  const site = await startFaultServer({ "/": cacheable(pages["/"]!, '"x"') });
  try {
    const file = join(dir, "a-file");
    writeFileSync(file, "not a directory");
    const r = await run(site.url, ["--cache", file]);
    assert.equal(r.report.units[0]!.crawl.pagesFetched, 1);
    assert.ok(r.report.units[0]!.crawl.notes?.some((n) => /--cache .*a-file could not be written/.test(n)), JSON.stringify(r.report.units[0]!.crawl.notes));
  } finally {
    await site.close();
  }
});
