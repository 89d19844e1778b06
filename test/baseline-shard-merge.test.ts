/**
 * Baselines (new / known / fixed), deterministic shards, merging shards back into one
 * report, and the exit codes a CI job relies on (--fail-on, --fail-on-new).
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyBaseline } from "../src/report/baseline.js";
import { mergeReports } from "../src/report/merge.js";
import { parseShard, selectShard, shardOf } from "../src/report/shard.js";
import type { Finding, Report, Status } from "../src/report/types.js";
import { serveFixtureSite, type FixtureSite } from "../scripts/fixture-server.js";
import { repoRoot, runCli } from "./helpers/cli.js";
import { sampleReport } from "./helpers/sample-report.js";

function withFindings(report: Report, unit: number, findings: [string, Status, Partial<Finding>?][]): Report {
  const copy = structuredClone(report);
  copy.units[unit]!.findings = findings.map(([rule, status, extra]) => ({ rule, title: `t${rule}`, path: [], status, severity: "error", url: null, evidence: {}, message: "m", ...extra }));
  return copy;
}

test("a baseline marks each problem new or known and lists the fixed ones", () => {
  const base = sampleReport();
  delete base.baseline;
  const previous = withFindings(withFindings(base, 0, [["r1", "missing"], ["r2", "empty"], ["r3", "missing"], ["r5", "stale"], ["r6", "present"]]), 1, [["q1", "missing"]]);
  const current = withFindings(withFindings(base, 0, [["r1", "empty"], ["r2", "present"], ["r3", "missing", { exempt: { reason: "x" } }], ["r4", "missing"], ["r6", "manual"]]), 1, [["q1", "missing"]]);
  current.units.pop(); // the second unit is on another shard this time
  const marked = applyBaseline(current, previous, "previous.json");
  const marks = Object.fromEntries(marked.units[0]!.findings.map((f) => [f.rule, f.baseline ?? null]));
  assert.deepEqual(marks, { r1: "known", r2: null, r3: null, r4: "new", r6: null }, "missing → empty is the same problem; exempt and non-problems are not marked");
  assert.deepEqual(marked.baseline, {
    file: "previous.json",
    generatedAt: base.generatedAt,
    asOf: base.asOf,
    new: 1,
    known: 1,
    fixed: [
      { unit: "市发展改革委", rule: "r2", title: "tr2", was: "empty", now: "present" },
      { unit: "市发展改革委", rule: "r5", title: "tr5", was: "stale", now: null },
    ],
  });
  assert.equal(current.units[0]!.findings[0]!.baseline, undefined, "the input report is left alone");
});

test("shards: deterministic by unit name, each unit in exactly one shard, order kept", () => {
  const names = Array.from({ length: 40 }, (_, i) => ({ name: `单位${i}` }));
  assert.equal(shardOf("市发展改革委", 3), 1, "the split does not change between versions");
  assert.equal(shardOf("示范区政府", 3), 3);
  for (const total of [1, 2, 3, 7]) {
    const parts = Array.from({ length: total }, (_, i) => selectShard(names, { index: i + 1, total }));
    assert.equal(parts.flat().length, names.length);
    assert.deepEqual(parts.flat().map((u) => u.name).sort(), names.map((u) => u.name).sort());
    for (const part of parts) assert.deepEqual(part, names.filter((u) => part.includes(u)), "registry order within a shard");
  }
  assert.deepEqual(parseShard("2/4"), { index: 2, total: 4 });
  for (const bad of ["0/2", "3/2", "a/b", "2", "1/0"]) assert.throws(() => parseShard(bad), /--shard takes i\/n/);
});

test("merge refuses shards of different runs and reports shards that are missing", () => {
  const one = { ...sampleReport(), shard: { index: 1, total: 3 } };
  const two = { ...structuredClone(one), shard: { index: 2, total: 3 } };
  two.units = two.units.map((u) => ({ ...u, name: `${u.name}2` }));
  const merged = mergeReports([{ file: "s1.json", report: one }, { file: "s2.json", report: two }]);
  assert.equal(merged.complete, false);
  assert.match(merged.incompleteReason!, /shard\(s\) 3\/3 missing/);
  assert.equal(merged.shard, undefined);
  assert.equal(merged.units.length, 4);
  assert.throws(() => mergeReports([{ file: "a.json", report: one }, { file: "b.json", report: { ...two, rulebook: { ...two.rulebook, sha256: "b".repeat(64) } } }]), /b\.json: checked with rulebook/);
  assert.throws(() => mergeReports([{ file: "a.json", report: one }, { file: "b.json", report: { ...two, asOf: "2026-01-01" } }]), /same --as-of/);
  assert.throws(() => mergeReports([{ file: "a.json", report: one }, { file: "b.json", report: structuredClone(one) }]), /is in both a\.json and b\.json/);
});

describeWithSites();

function describeWithSites(): void {
  let fgw: FixtureSite;
  let qx: FixtureSite;
  let dir: string;
  const slice = join(repoRoot, "fixtures/rules/slice.yaml");
  const check = (...args: string[]) => runCli(["check", "--units", "units.yaml", "--rules", slice, "--as-of", "2026-11-26", "--interval", "0", "-q", ...args], { cwd: dir });
  const json = async (file: string) => JSON.parse(await readFile(join(dir, file), "utf8")) as Report;

  before(async () => {
    fgw = await serveFixtureSite("fgw");
    qx = await serveFixtureSite("qx");
    dir = await mkdtemp(join(tmpdir(), "zwgk-shards-"));
    await writeFile(
      join(dir, "units.yaml"),
      [
        "units:",
        `  - { name: 市发展改革委, roles: [市政府部门], site: "${fgw.url}" }`,
        `  - { name: 示范区政府, roles: [区县政府], site: "${qx.url}", exemptions: [{ rule: '1.3.7', reason: 本区无政府债务 }] }`,
        `  - { name: 市财政局, roles: [市政府部门], site: "${fgw.url}" }`,
        `  - { name: 渝中区政府, roles: [区县政府], site: "${qx.url}" }`,
        `  - { name: 市卫生健康委, roles: [市政府部门], site: "${fgw.url}" }`,
      ].join("\n"),
    );
  });
  after(async () => {
    await Promise.all([fgw.close(), qx.close()]);
  });

  /** What may differ between two runs of the same check: the clock. */
  const normalise = (r: Report) => {
    const copy = structuredClone(r) as Report;
    delete (copy as Partial<Report>).generatedAt;
    for (const u of copy.units) delete (u.crawl as Partial<typeof u.crawl>).durationMs;
    return copy;
  };

  test("three shards merged equal one unsharded run; --fail-on error exits 1 on problems", async () => {
    const all = await check("-o", "all.json");
    assert.equal(all.code, 1, `problems at or above error: ${all.stderr}`);
    for (const i of [1, 2, 3]) {
      const r = await check("--shard", `${i}/3`, "--fail-on", "none", "-o", `s${i}.json`);
      assert.equal(r.code, 0, r.stderr);
    }
    const shards = await Promise.all([1, 2, 3].map((i) => json(`s${i}.json`)));
    assert.deepEqual(shards.map((s) => s.units.map((u) => u.name)), [["市发展改革委"], ["市财政局", "市卫生健康委"], ["示范区政府", "渝中区政府"]]);
    assert.deepEqual(shards.map((s) => s.shard), [1, 2, 3].map((index) => ({ index, total: 3 })));
    const merged = await runCli(["report", "merge", "s3.json", "s1.json", "s2.json", "-o", "merged.json", "-q"], { cwd: dir });
    assert.equal(merged.code, 0, merged.stderr);
    assert.deepEqual(normalise(await json("merged.json")), normalise(await json("all.json")));
  });

  test("--fail-on none exits 0 whatever is found; --fail-on-new needs --baseline", async () => {
    assert.equal((await check("--fail-on", "none")).code, 0);
    const r = await check("--fail-on-new");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--fail-on-new needs --baseline/);
    const missing = await check("--baseline", "nope.json");
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.json: cannot read baseline: no such file/);
  });

  test("--baseline: the same problems are known and --fail-on-new exits 0; a new one exits 1 and a fixed one is listed", async () => {
    const previous = await json("all.json");
    const same = await check("--baseline", "all.json", "--fail-on-new", "-o", "same.json");
    assert.equal(same.code, 0, same.stderr);
    const sameReport = await json("same.json");
    assert.equal(sameReport.baseline!.new, 0);
    assert.ok(sameReport.baseline!.known > 0);
    assert.deepEqual(sameReport.baseline!.fixed, []);
    assert.equal((await check("--baseline", "all.json")).code, 1, "without --fail-on-new known problems still fail");

    // Pretend one of today's problems was fine before, and one of today's present rules was a problem.
    const edited = structuredClone(previous);
    const unit = edited.units.find((u) => u.name === "市发展改革委")!;
    const wasFine = unit.findings.find((f) => f.status === "missing" && f.severity === "error")!;
    const wasBroken = unit.findings.find((f) => f.status === "present")!;
    wasFine.status = "present";
    wasBroken.status = "empty";
    await writeFile(join(dir, "edited.json"), JSON.stringify(edited));

    const fresh = await check("--baseline", "edited.json", "--fail-on-new", "-o", "fresh.json", "-o", "fresh.md");
    assert.equal(fresh.code, 1, fresh.stderr);
    const report = await json("fresh.json");
    const news = report.units.flatMap((u) => u.findings.filter((f) => f.baseline === "new").map((f) => `${u.name} ${f.rule}`));
    assert.deepEqual(news, [`市发展改革委 ${wasFine.rule}`]);
    assert.deepEqual(report.baseline!.fixed, [{ unit: "市发展改革委", rule: wasBroken.rule, title: wasBroken.title, was: "empty", now: "present" }]);
    assert.match(await readFile(join(dir, "fresh.md"), "utf8"), /### Fixed since the baseline \(1\)/);
    assert.equal((await check("--baseline", "edited.json", "--fail-on-new", "--fail-on", "none")).code, 0);
  });

  test("zwgk report re-renders a stored report, and gates on --fail-on / --fail-on-new only when asked", async () => {
    const plain = await runCli(["report", "all.json", "--format", "html", "-o", "again.html", "-q"], { cwd: dir });
    assert.equal(plain.code, 0, "rendering alone never fails");
    const html = await readFile(join(dir, "again.html"), "utf8");
    assert.ok(html.includes(`data-unit="渝中区政府"`));
    assert.equal((await runCli(["report", "all.json", "--format", "md", "--fail-on", "error"], { cwd: dir })).code, 1);
    assert.equal((await runCli(["report", "all.json", "--baseline", "all.json", "--fail-on", "error", "--fail-on-new", "-q", "-o", "x.json"], { cwd: dir })).code, 0);
    assert.equal((await runCli(["report", "fresh.json", "--fail-on", "error", "--fail-on-new", "-q", "-o", "y.json"], { cwd: dir })).code, 1, "the marks a stored report carries are enough");
    const noBaseline = await runCli(["report", "all.json", "--fail-on-new"], { cwd: dir });
    assert.equal(noBaseline.code, 2);
    const notReport = await runCli(["report", "units.yaml"], { cwd: dir });
    assert.equal(notReport.code, 2);
    assert.match(notReport.stderr, /units\.yaml: report is not valid JSON/);
  });
}
