/** Progress: a live line on a terminal, nothing otherwise or with --quiet; --verbose logs each request. */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { main } from "../src/cli/main.js";
import { formatProgress, formatRequestLog, ProgressLine } from "../src/crawl/progress.js";
import type { Report } from "../src/report/types.js";
import { govPage, html, startFaultServer, status, type FaultServer } from "./helpers/fault-server.js";
import { repoRoot } from "./helpers/cli.js";

let site: FaultServer;
before(async () => {
  const nav: [string, string][] = [
    ["政务公开", "/zwgk/"],
    ["新闻动态", "/xwdt/"],
    ["坏链接", "/gone/"],
  ];
  site = await startFaultServer({
    "/": html(govPage({ title: "首页", nav })),
    "/zwgk/": html(govPage({ title: "政务公开", nav, crumbs: [["政务公开"]] })),
    "/xwdt/": html(govPage({ title: "新闻动态", nav, crumbs: [["新闻动态"]] })),
    "/gone/": status(404),
  });
});
after(() => site.close());

/** Runs the CLI in-process with streams that say whether they are terminals. */
async function cli(args: string[], tty: { stdout: boolean; stderr: boolean }) {
  let stdout = "";
  let stderr = "";
  const code = await main(["check", site.url, "--interval", "0", "--rules", "fixtures/rules/crawl.yaml", "--unit", "测试局", "--as-of", "2026-11-26", "--no-national", ...args], {
    stdout: { write: (s: string) => (stdout += s), isTTY: tty.stdout },
    stderr: { write: (s: string) => (stderr += s), isTTY: tty.stderr },
    env: {},
    cwd: repoRoot,
  });
  return { code, stdout, stderr };
}

test("the progress line: pages fetched, queued, failed, host, elapsed; redrawn in place, at most every 100 ms, cleared at the end", () => {
  let out = "";
  let now = 0;
  const line = new ProgressLine({ write: (s: string) => (out += s) }, "zwgk", () => now);
  now = 1000;
  line.update({ fetched: 3, queued: 5, failed: 1, host: "www.example.gov.cn", elapsedMs: 1234 });
  now = 1050;
  line.update({ fetched: 4, queued: 5, failed: 1, host: "www.example.gov.cn", elapsedMs: 1284 });
  assert.equal(out, "\r\x1b[Kzwgk: 3 fetched · 5 queued · 1 failed · www.example.gov.cn · 1.2 s", "the second update came too soon to draw");
  now = 1200;
  line.update({ fetched: 5, queued: 4, failed: 1, host: "www.example.gov.cn", elapsedMs: 1434 });
  assert.match(out, /5 fetched · 4 queued/);
  line.done();
  assert.ok(out.endsWith("\r\x1b[K"), "cleared for the report");
  assert.equal(formatProgress({ fetched: 1, queued: 0, failed: 0, host: "h", elapsedMs: 125_000 }), "zwgk: 1 fetched · 0 queued · 0 failed · h · 2 min 5 s");
});

test("on a terminal, check draws the progress line on stderr and clears it before the report", async () => {
  const r = await cli([], { stdout: true, stderr: true });
  assert.match(r.stderr, /\r\x1b\[Kzwgk: \d+ fetched · \d+ queued · \d+ failed · 127\.0\.0\.1:\d+ · [\d.]+ s/);
  assert.ok(r.stderr.endsWith("\r\x1b[K") || /\r\x1b\[K(zwgk: [^\r]*\n)*$/.test(r.stderr), JSON.stringify(r.stderr.slice(-80)));
  assert.ok(!r.stdout.includes("\r"), "the report itself is clean");
});

test("no progress line when stdout is not a terminal, or with --quiet", async () => {
  const piped = await cli(["--format", "json"], { stdout: false, stderr: true });
  assert.ok(!piped.stderr.includes("\r"), JSON.stringify(piped.stderr));
  assert.equal((JSON.parse(piped.stdout) as Report).units.length, 1);
  const quiet = await cli(["--quiet", "--output", "/dev/null"], { stdout: true, stderr: true });
  assert.ok(!quiet.stderr.includes("\r"), JSON.stringify(quiet.stderr));
});

test("--verbose logs every request to stderr: URL, outcome, time", async () => {
  const r = await cli(["--verbose", "--format", "json"], { stdout: false, stderr: false });
  const lines = r.stderr.split("\n").filter((l) => l.startsWith("zwgk: GET "));
  const report = JSON.parse(r.stdout) as Report;
  assert.ok(lines.length >= report.units[0]!.crawl.requests, `${lines.length} lines for ${report.units[0]!.crawl.requests} requests`);
  assert.ok(lines.some((l) => new RegExp(`^zwgk: GET ${site.url}robots\\.txt → HTTP 404 \\(\\d+ ms\\)$`).test(l)), lines.join("\n"));
  assert.ok(lines.some((l) => new RegExp(`^zwgk: GET ${site.url}zwgk/ → 200 text/html [\\d.]+ KB \\(\\d+ ms\\)$`).test(l)), lines.join("\n"));
  assert.ok(lines.some((l) => /\/gone\/ → HTTP 404/.test(l)));
  assert.equal(formatRequestLog({ url: "http://x/", attempt: 2, status: 503, outcome: "HTTP 503", ms: 12, retryInMs: 1500 }), "GET http://x/ → HTTP 503 (12 ms) [attempt 2]; retrying in 1.5 s");
});
