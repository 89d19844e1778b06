/**
 * Checking a registry: results per unit in registry order, several units at once under the
 * global cap but never two on one host, several sites and column hints per unit, exempt
 * findings kept and marked.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkUnits } from "../src/check/units.js";
import { parseRegistry } from "../src/registry/index.js";
import { loadRulebook } from "../src/rules/index.js";
import type { Report } from "../src/report/types.js";
import { serveFixtureSite } from "../scripts/fixture-server.js";
import { repoRoot, runCli } from "./helpers/cli.js";

const slice = await loadRulebook("fixtures/rules/slice.yaml");
const FAST = { crawl: { intervalMs: 0, retries: 0 } };

interface Hit {
  site: string;
  start: number;
  end: number;
}

/**
 * A tiny 区县 site under /<site>/ that answers slowly enough for crawls to overlap. With
 * `column`, its home page links to a 政策解读 column; `hidden` serves that column under
 * /<site>/hidden/ without linking to it (only a hint finds it).
 */
async function slowServer(hits: Hit[]): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const site = path.split("/")[1] ?? "";
    const hit = { site, start: Date.now(), end: 0 };
    if (path !== "/robots.txt") hits.push(hit);
    setTimeout(() => {
      hit.end = Date.now();
      const column = (href: string) =>
        `<html><head><title>政策解读</title></head><body><div class="crumbs">当前位置：<a href="/${site}/">首页</a> &gt; <a href="#">政务公开</a> &gt; <a href="#">政府信息公开目录</a> &gt; <a href="${href}">政策解读</a></div><ul class="list"><li><a href="/${site}/a1.html">关于某政策的解读</a><span>2026-11-01</span></li><li><a href="/${site}/a2.html">另一篇解读</a><span>2026-10-01</span></li></ul></body></html>`;
      let body: string | null = null;
      if (path === `/${site}/`) {
        const links = site.startsWith("col") ? `<li><a href="/${site}/zcjd/">政策解读</a></li>` : "";
        body = `<html><head><title>${site}</title></head><body><ul class="nav"><li><a href="/${site}/p1.html">新闻动态</a></li><li><a href="/${site}/p2.html">通知公告</a></li>${links}</ul></body></html>`;
      } else if (/^\/[^/]+\/p\d\.html$/.test(path)) {
        body = `<html><head><title>列表</title></head><body><ul class="nav"><li><a href="/${site}/">首页</a></li></ul><ul class="list"><li><a href="/${site}/x.html">一条消息</a><span>2026-11-20</span></li></ul></body></html>`;
      } else if (path === `/${site}/zcjd/` || path === `/${site}/hidden/`) {
        body = column(path);
      }
      if (body === null) res.writeHead(404, { "content-type": "text/html; charset=utf-8" }).end("<html><body>404</body></html>");
      else res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
    }, 15);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}

function intervals(hits: Hit[]): Map<string, { start: number; end: number }> {
  const out = new Map<string, { start: number; end: number }>();
  for (const h of hits) {
    const span = out.get(h.site);
    if (!span) out.set(h.site, { start: h.start, end: h.end });
    else out.set(h.site, { start: Math.min(span.start, h.start), end: Math.max(span.end, h.end) });
  }
  return out;
}

function maxOverlap(spans: { start: number; end: number }[]): number {
  const events = spans.flatMap((s) => [{ at: s.start, d: 1 }, { at: s.end, d: -1 }]).sort((a, b) => a.at - b.at || a.d - b.d);
  let now = 0;
  let max = 0;
  for (const e of events) max = Math.max(max, (now += e.d));
  return max;
}

test("several units at once, at most --parallel, never two on one host; registry order kept", async () => {
  const hits: Hit[] = [];
  const a = await slowServer(hits);
  const b = await slowServer(hits);
  const c = await slowServer(hits);
  try {
    const text = [
      "units:",
      // Two units of one host first: a scheduler that ignored hosts would start them together.
      `  - { name: 乙区政府, roles: [区县政府], site: "${a.url}a2/" }`,
      `  - { name: 丙区政府, roles: [区县政府], site: "${a.url}a3/" }`,
      `  - { name: 甲区政府, roles: [区县政府], site: "${c.url}a1/" }`,
      `  - { name: 戊区政府, roles: [区县政府], site: "${c.url}a5/" }`,
      `  - { name: 丁区政府, roles: [区县政府], site: "${b.url}a4/" }`,
    ].join("\n");
    const { registry, diagnostics } = parseRegistry(text, "units.yaml", slice);
    assert.deepEqual(diagnostics, []);
    const finished: string[] = [];
    const report = await checkUnits({ ...FAST, units: registry!.units, rulebook: slice, asOf: "2026-11-26", parallel: 2, onUnit: (u) => finished.push(u.name) });
    assert.deepEqual(report.units.map((u) => u.name), ["乙区政府", "丙区政府", "甲区政府", "戊区政府", "丁区政府"], "registry order, whatever the finishing order");
    assert.deepEqual(report.units.map((u) => u.registryIndex), [0, 1, 2, 3, 4]);
    assert.equal(finished.length, 5);
    assert.ok(report.complete);
    const spans = intervals(hits);
    assert.equal(spans.size, 5, "every site was crawled");
    const apart = (x: string, y: string) => spans.get(x)!.end <= spans.get(y)!.start || spans.get(y)!.end <= spans.get(x)!.start;
    assert.ok(apart("a2", "a3"), "two units on one host never crawl at the same time");
    assert.ok(apart("a1", "a5"), "two units on one host never crawl at the same time");
    const overlap = maxOverlap([...spans.values()]);
    assert.ok(overlap <= 2, `at most --parallel 2 units at once, saw ${overlap}`);
    assert.equal(overlap, 2, "units on different hosts do run at the same time");
  } finally {
    await Promise.all([a.close(), b.close(), c.close()]);
  }
});

test("several sites per unit: a rule is met when any site meets it; a hint finds a column the crawl cannot", async () => {
  const hits: Hit[] = [];
  const a = await slowServer(hits);
  try {
    const text = [
      "units:",
      "  - name: 甲区政府",
      "    roles: [区县政府]",
      `    site: ["${a.url}plain/", "${a.url}col1/"]`,
      "  - name: 乙区政府",
      "    roles: [区县政府]",
      `    site: "${a.url}plain2/"`,
      "    columns:",
      `      - { path: 政务公开 > 政府信息公开目录 > 政策解读, url: "${a.url}plain2/hidden/" }`,
      "  - name: 丙区政府",
      "    roles: [区县政府]",
      `    site: "${a.url}plain3/"`,
      "    exemptions:",
      "      - { rule: '2.2.5', reason: 政策解读统一在区政府门户网站发布 }",
    ].join("\n");
    const { registry, diagnostics } = parseRegistry(text, "units.yaml", slice);
    assert.deepEqual(diagnostics, []);
    const report = await checkUnits({ ...FAST, units: registry!.units, rulebook: slice, asOf: "2026-11-26" });
    const [both, hinted, exempt] = report.units;
    const rule = (u: typeof both, id: string) => u!.findings.find((f) => f.rule === id)!;
    assert.equal(rule(both, "2.2.5").status, "present", "found on the second site");
    assert.match(rule(both, "2.2.5").url!, /\/col1\/zcjd\/$/);
    assert.deepEqual(both!.sites, [`${a.url}plain/`, `${a.url}col1/`]);
    assert.equal(both!.site, `${a.url}plain/`);
    assert.ok(both!.crawl.pagesFetched >= 6, "both sites' pages are counted");
    assert.equal(rule(hinted, "2.2.5").status, "present", "the hint's page is the column");
    assert.match(rule(hinted, "2.2.5").url!, /\/plain2\/hidden\/$/);
    assert.equal(rule(hinted, "1.3.7").status, "missing", "a hint says nothing about other columns");
    const e = rule(exempt, "2.2.5");
    assert.equal(e.status, "missing", "the exempt finding keeps its status");
    assert.deepEqual(e.exempt, { reason: "政策解读统一在区政府门户网站发布" });
    assert.equal(exempt!.summary.missing, exempt!.findings.filter((f) => f.status === "missing").length);
  } finally {
    await a.close();
  }
});

test("zwgk check --units over both fixture sites: per-unit results, exempt findings kept, several formats in one run", async () => {
  const fgw = await serveFixtureSite("fgw");
  const qx = await serveFixtureSite("qx");
  try {
    const dir = await mkdtemp(join(tmpdir(), "zwgk-units-"));
    await writeFile(
      join(dir, "units.yaml"),
      [
        "units:",
        `  - { name: 市发展改革委, roles: [市政府部门], site: "${fgw.url}" }`,
        "  - name: 示范区政府",
        "    roles: [区县政府]",
        `    site: "${qx.url}"`,
        "    exemptions:",
        "      - { rule: '1.3.7', reason: 本区无政府债务 }",
      ].join("\n"),
    );
    const r = await runCli(
      ["check", "--units", "units.yaml", "--rules", join(repoRoot, "fixtures/rules/slice.yaml"), "--as-of", "2026-11-26", "--interval", "0", "--fail-on", "none", "-o", "r.json", "-o", "r.html", "-o", "r.csv", "-o", "r.xml", "-o", "r.md", "-o", "r.xlsx"],
      { cwd: dir },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /checking 2 unit\(s\) from units\.yaml/);
    assert.match(r.stderr, /\[2\/2\]/);
    assert.match(r.stdout, /Summary by unit/, "text on stdout while files are written");
    const report = JSON.parse(await readFile(join(dir, "r.json"), "utf8")) as Report;
    assert.deepEqual(report.units.map((u) => u.name), ["市发展改革委", "示范区政府"]);
    assert.deepEqual(report.registry, { file: "units.yaml" });
    const debt = report.units[1]!.findings.find((f) => f.rule === "1.3.7")!;
    assert.deepEqual(debt.exempt, { reason: "本区无政府债务" });
    assert.ok(report.units[0]!.findings.every((f) => f.lead?.length), "every finding carries its lead unit");
    const csv = await readFile(join(dir, "r.csv"), "utf8");
    assert.match(csv, /^\uFEFFunit,rule,measure/);
    assert.match(csv, /示范区政府,1\.3\.7,.*本区无政府债务/);
    const html = await readFile(join(dir, "r.html"), "utf8");
    assert.ok(html.includes("本区无政府债务") && html.includes(`data-unit="示范区政府"`));
    assert.match(await readFile(join(dir, "r.xml"), "utf8"), /<testsuite name="示范区政府"/);
    assert.match(await readFile(join(dir, "r.md"), "utf8"), /### Summary by unit/);
    assert.equal((await readFile(join(dir, "r.xlsx"))).subarray(0, 2).toString(), "PK", "an xlsx is a zip");
  } finally {
    await Promise.all([fgw.close(), qx.close()]);
  }
});

test("an interrupt keeps every unit: finished ones whole, the rest unreachable, the report incomplete", async () => {
  const hits: Hit[] = [];
  const a = await slowServer(hits);
  try {
    const text = ["units:", ...["b1", "b2", "b3"].map((s, i) => `  - { name: 区${i}政府, roles: [区县政府], site: "${a.url}${s}/" }`)].join("\n");
    const { registry } = parseRegistry(text, "units.yaml", slice);
    const controller = new AbortController();
    const report = await checkUnits({ ...FAST, units: registry!.units, rulebook: slice, asOf: "2026-11-26", parallel: 1, signal: controller.signal, onUnit: () => controller.abort() });
    assert.deepEqual(report.units.map((u) => u.name), ["区0政府", "区1政府", "区2政府"]);
    assert.equal(report.units[0]!.crawl.stoppedBy, "done");
    for (const u of report.units.slice(1)) {
      assert.equal(u.crawl.stoppedBy, "interrupted", u.name);
      assert.ok(u.findings.every((f) => f.status === "unreachable" || f.status === "manual"), "never missing");
    }
    assert.equal(report.complete, false);
    assert.match(report.incompleteReason!, /^2 of 3 unit\(s\) could not be checked fully: 区1政府 \(crawl of .* interrupted\)/);
  } finally {
    await a.close();
  }
});

test("zwgk check --units interrupted: exit 3, the partial report still written", async () => {
  const dir = await mkdtemp(join(tmpdir(), "zwgk-units-"));
  await writeFile(join(dir, "units.yaml"), "units:\n  - { name: 甲区政府, roles: [区县政府], site: 'http://127.0.0.1:9/' }\n");
  const controller = new AbortController();
  controller.abort();
  const r = await runCli(["check", "--units", "units.yaml", "--rules", join(repoRoot, "fixtures/rules/slice.yaml"), "-o", "r.json", "-q"], { cwd: dir, signal: controller.signal });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /incomplete: 1 of 1 unit\(s\) could not be checked fully.*\(partial report written to r\.json\)/);
  const report = JSON.parse(await readFile(join(dir, "r.json"), "utf8")) as Report;
  assert.equal(report.complete, false);
  assert.equal(report.units.length, 1);
});
