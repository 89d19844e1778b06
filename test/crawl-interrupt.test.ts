/**
 * Interrupt and time budget: Ctrl-C (SIGINT) or SIGTERM mid-crawl stops fetching, writes the
 * partial report to every requested output marked "complete": false, and exits 3; a time
 * budget ends the crawl with what it reached, and says so. The signal tests spawn the real
 * bin/zwgk.js (built by `npm test`).
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Report } from "../src/report/types.js";
import { govPage, html, slow, startFaultServer, type FaultServer } from "./helpers/fault-server.js";
import { repoRoot, runCli } from "./helpers/cli.js";

const PAGES = 40;
let site: FaultServer;
let dir: string;
before(async () => {
  const nav: [string, string][] = Array.from({ length: PAGES }, (_, i) => [`栏目${i}`, `/c${i}/`]);
  const routes: Record<string, ReturnType<typeof html>> = { "/": html(govPage({ title: "首页", nav })) };
  // Slow pages: a whole crawl would take PAGES × 250 ms / 2 ≈ 5 s.
  for (let i = 0; i < PAGES; i++) routes[`/c${i}/`] = slow(250, html(govPage({ title: `栏目${i}`, crumbs: [[`栏目${i}`]] })));
  site = await startFaultServer(routes);
  dir = mkdtempSync(join(tmpdir(), "zwgk-interrupt-"));
});
after(async () => {
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

const args = ["--interval", "0", "--rules", resolve(repoRoot, "fixtures/rules/crawl.yaml"), "--unit", "测试局", "--as-of", "2026-11-26", "--no-national"];

/** Spawns the bin, sends `signal` once the server has served `after` pages, and collects everything. */
function interrupt(signal: NodeJS.Signals, extra: string[], afterPages = 4): Promise<{ code: number | null; stdout: string; stderr: string; servedAtSignal: number }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve(repoRoot, "bin", "zwgk.js"), "check", site.url, ...args, ...extra], { cwd: dir, env: { PATH: process.env.PATH ?? "" } });
    let stdout = "";
    let stderr = "";
    let servedAtSignal = -1;
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const served = () => site.log.filter((h) => /^\/c\d+\/$/.test(h.path)).length;
    const start = served();
    const poll = setInterval(() => {
      if (served() - start >= afterPages) {
        clearInterval(poll);
        servedAtSignal = served() - start;
        child.kill(signal);
      }
    }, 20);
    child.on("close", (code) => {
      clearInterval(poll);
      done({ code, stdout, stderr, servedAtSignal });
    });
  });
}

test("SIGINT mid-crawl: exit 3, the partial report in every requested output, marked incomplete", async () => {
  const r = await interrupt("SIGINT", ["--output", "int.json", "--output", "int.txt", "--snapshot", "snap"]);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /zwgk: SIGINT: stopping/);
  const report = JSON.parse(readFileSync(join(dir, "int.json"), "utf8")) as Report;
  assert.equal(report.complete, false);
  assert.match(report.incompleteReason ?? "", /interrupted/);
  const unit = report.units[0]!;
  assert.equal(unit.crawl.stoppedBy, "interrupted");
  assert.ok(unit.crawl.pagesFetched >= 1, "what was gathered is kept");
  assert.ok(unit.crawl.pagesFetched < PAGES, `it stopped: ${unit.crawl.pagesFetched} of ${PAGES + 1} pages`);
  assert.equal(unit.crawl.failures.filter((f) => /interrupted/.test(f.reason)).length, 0, "requests cut short are not the site's failures");
  for (const f of unit.findings) assert.notEqual(f.status, "missing", `${f.rule}: nothing is called missing after an interrupt`);
  const text = readFileSync(join(dir, "int.txt"), "utf8");
  assert.match(text, /INCOMPLETE/);
  assert.match(r.stdout, /INCOMPLETE/, "stdout gets the report too");
  const manifest = JSON.parse(readFileSync(join(dir, "snap", `127.0.0.1_${site.port}`, "snapshot.json"), "utf8")) as { stats: { stoppedBy: string }; pages: string[] };
  assert.equal(manifest.stats.stoppedBy, "interrupted", "the snapshot is finished too");
  assert.equal(manifest.pages.length, unit.crawl.pagesFetched, "every page gathered is kept as evidence");
});

test("SIGTERM does the same", async () => {
  const r = await interrupt("SIGTERM", ["--format", "json"]);
  assert.equal(r.code, 3, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  assert.equal(report.complete, false);
  assert.equal(report.units[0]!.crawl.stoppedBy, "interrupted");
});

test("--time-budget: the crawl stops when time is up, the partial report says why, exit 3", async () => {
  const r = await runCli(["check", site.url, ...args, "--format", "json", "--time-budget", "1s"]);
  const report = JSON.parse(r.stdout) as Report;
  const unit = report.units[0]!;
  assert.equal(unit.crawl.stoppedBy, "time-budget");
  assert.ok(unit.crawl.pagesFetched < PAGES + 1);
  assert.equal(report.complete, false, "the check did not finish");
  assert.match(report.incompleteReason ?? "", /time-budget/);
  assert.ok(unit.crawl.notes?.some((n) => /time budget \(--time-budget\) ran out after 1 s of crawling/.test(n)), JSON.stringify(unit.crawl.notes));
  const c3 = unit.findings.find((f) => f.rule === "c.3")!;
  assert.equal(c3.status, "unreachable");
  assert.match(c3.evidence.reason ?? "", /--time-budget/);
  assert.equal(r.code, 3);
});

test("--time-budget and the snapshot options reject nonsense", async () => {
  const bad = await runCli(["check", site.url, "--time-budget", "soon"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--time-budget takes a duration such as 90s, 10m or 1h, not "soon"/);
  const both = await runCli(["check", site.url, "--snapshot", "a", "--from-snapshot", "b"]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--snapshot and --from-snapshot do not go together/);
  assert.ok(!existsSync(join(repoRoot, "a")), "nothing written");
});
