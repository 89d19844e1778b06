/**
 * A 不合格 national verdict fails a run as an error would, the same way in `zwgk check` and in
 * `zwgk report` (a stored report re-rendered or merged exits as the check that wrote it), and
 * under --fail-on-new it fails only when it is new against the baseline.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyBaseline } from "../src/report/baseline.js";
import { failsRun } from "../src/report/summary.js";
import type { Report } from "../src/report/types.js";
import type { Verdict } from "../src/national/verdict.js";
import { runCli } from "./helpers/cli.js";
import { sampleReport } from "./helpers/sample-report.js";

/** The sample report with only non-error problems left, and the given verdict on its first unit. */
function reportWith(verdict: Verdict | undefined): Report {
  const r = sampleReport();
  r.units = r.units.map((u, i) => {
    const findings = u.findings.map((f) => ({ ...f, severity: "info" as const, baseline: undefined }));
    return { ...u, findings, ...(i === 0 && verdict ? { verdict } : {}) };
  });
  delete r.baseline;
  return r;
}

const verdict = (passed: boolean): Verdict => ({
  result: passed ? "合格" : "不合格",
  passed,
  score: passed ? 95 : 100,
  passScore: 60,
  vetoes: [],
  deductions: [],
  reasons: passed ? [] : ["单项否决：首页不更新——首页最近一条信息发布于2026-11-11，超过14天未更新"],
  notAssessed: [],
});

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "zwgk-verdict-"));
  await writeFile(join(dir, "passed.json"), JSON.stringify(reportWith(verdict(true))));
  await writeFile(join(dir, "failed.json"), JSON.stringify(reportWith(verdict(false))));
  await writeFile(join(dir, "unjudged.json"), JSON.stringify(reportWith(undefined)));
});
after(async () => rm(dir, { recursive: true, force: true }));

test("a failed verdict is new against a baseline that passed or did not judge the unit, known against one that failed", () => {
  const failed = reportWith(verdict(false));
  assert.equal(applyBaseline(failed, reportWith(verdict(true)), "b.json").units[0]!.verdict!.baseline, "new");
  assert.equal(applyBaseline(failed, reportWith(undefined), "b.json").units[0]!.verdict!.baseline, "new");
  assert.equal(applyBaseline(failed, reportWith(verdict(false)), "b.json").units[0]!.verdict!.baseline, "known");
  // A passed verdict carries no mark, and a stale mark from an earlier comparison goes.
  const passed = reportWith({ ...verdict(true), baseline: "new" });
  assert.equal(applyBaseline(passed, reportWith(verdict(false)), "b.json").units[0]!.verdict!.baseline, undefined);
});

test("failsRun: a failed verdict weighs as an error; --fail-on-new counts it only when new", () => {
  const failed = reportWith(verdict(false));
  assert.equal(failsRun(failed, "error"), true);
  assert.equal(failsRun(failed, "warning"), true);
  assert.equal(failsRun(failed, "none"), false);
  assert.equal(failsRun(reportWith(verdict(true)), "error"), false, "the problems left are info only");
  assert.equal(failsRun(applyBaseline(failed, reportWith(verdict(true)), "b.json"), "error", true), true);
  assert.equal(failsRun(applyBaseline(failed, reportWith(verdict(false)), "b.json"), "error", true), false);
});

test("zwgk report exits 1 on a stored report with a failed verdict, as check did", async () => {
  assert.equal((await runCli(["report", "failed.json", "--fail-on", "error", "-q", "-o", "a.json"], { cwd: dir })).code, 1);
  assert.equal((await runCli(["report", "passed.json", "--fail-on", "error", "-q", "-o", "b.json"], { cwd: dir })).code, 0);
  assert.equal((await runCli(["report", "failed.json", "--fail-on", "none", "-q", "-o", "c.json"], { cwd: dir })).code, 0);
});

// `zwgk report` gates only when asked (--fail-on defaults to none there), hence --fail-on error.
test("--fail-on-new: a verdict that newly failed fails the run and is marked [new]; one that failed before does not", async () => {
  const fresh = await runCli(["report", "failed.json", "--baseline", "passed.json", "--fail-on", "error", "--fail-on-new", "-o", "fresh.json", "-o", "fresh.txt", "-o", "fresh.md"], { cwd: dir });
  assert.equal(fresh.code, 1, fresh.stderr);
  const stored = JSON.parse(await readFile(join(dir, "fresh.json"), "utf8")) as Report;
  assert.equal(stored.units[0]!.verdict!.baseline, "new");
  assert.match(await readFile(join(dir, "fresh.txt"), "utf8"), /National inspection \(国办秘函〔2019〕19号\): 不合格 \[new\]/);
  // The summary tables of the other formats say so in the verdict cell.
  assert.match(await readFile(join(dir, "fresh.md"), "utf8"), /\| 不合格 100 new \|/);
  // The marks a stored report carries are enough for a later gate.
  assert.equal((await runCli(["report", "fresh.json", "--fail-on", "error", "--fail-on-new", "-q", "-o", "again.json"], { cwd: dir })).code, 1);
  const known = await runCli(["report", "failed.json", "--baseline", "failed.json", "--fail-on", "error", "--fail-on-new", "-q", "-o", "known.json"], { cwd: dir });
  assert.equal(known.code, 0, known.stderr);
  const unjudged = await runCli(["report", "failed.json", "--baseline", "unjudged.json", "--fail-on", "error", "--fail-on-new", "-q", "-o", "u.json"], { cwd: dir });
  assert.equal(unjudged.code, 1, "a baseline run without the national verdict (--no-national) did not see it fail");
});
