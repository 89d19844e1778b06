/** The CLI's contract: exit codes, one-line errors, partial reports — in-process and as the real binary. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { serveFixtureSite } from "../scripts/fixture-server.js";
import type { Report } from "../src/report/types.js";
import { runBin, runCli, type CliRun } from "./helpers/cli.js";

const oneLine = (run: CliRun) => {
  assert.equal(run.stderr.trim().split("\n").length, 1, `one line on stderr: ${run.stderr}`);
  assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
};

/** A port nothing listens on: bind one, then close it. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

for (const [how, run] of [["in-process", runCli], ["bin/zwgk.js", runBin]] as const) {
  test(`${how}: an invalid URL exits 2 with one line`, async () => {
    const r = await run(["check", "not a url"]);
    assert.equal(r.code, 2);
    oneLine(r);
    assert.match(r.stderr, /invalid URL "not a url"/);
  });

  test(`${how}: an unknown option exits 2 with one line`, async () => {
    const r = await run(["check", "http://127.0.0.1/", "--frobnicate"]);
    assert.equal(r.code, 2);
    oneLine(r);
    assert.match(r.stderr, /unknown option '--frobnicate'/);
  });

  test(`${how}: an unreachable start URL exits 3, names the URL and the cause`, async () => {
    const url = `http://127.0.0.1:${await deadPort()}/`;
    const r = await run(["check", url, "--role", "区县政府", "--interval", "0", "--no-color"]);
    assert.equal(r.code, 3);
    oneLine(r);
    assert.match(r.stderr, new RegExp(`${url.replace(/[.]/g, "\\.")}.*connection refused`));
  });
}

test("a malformed rulebook exits 2 with file:line:col", async () => {
  const dir = await mkdtemp(join(tmpdir(), "zwgk-"));
  const file = join(dir, "bad.yaml");
  await writeFile(file, "rulebook:\n  id: x\n  title: t\nrules:\n  - id: '1'\n    title: a\n    appliesTo: { roles: [区县政府] }\n    checkable: true\n    pathz: []\n");
  const r = await runCli(["check", "http://127.0.0.1:9/", "--rules", file], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^zwgk: bad\.yaml:9:5: rules\.0: unknown key "pathz" \(did you mean "paths"\?\)$/m);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test("an unreachable site still writes the partial report, marked incomplete", async () => {
  const dir = await mkdtemp(join(tmpdir(), "zwgk-"));
  const url = `http://127.0.0.1:${await deadPort()}/`;
  const r = await runCli(["check", url, "--role", "区县政府", "--rules", "fixtures/rules/slice.yaml", "--interval", "0", "--output", join(dir, "out.json"), "--quiet"]);
  assert.equal(r.code, 3);
  const report = JSON.parse(await readFile(join(dir, "out.json"), "utf8")) as Report;
  assert.equal(report.complete, false);
  assert.match(report.incompleteReason!, /connection refused/);
  const statuses = new Set(report.units[0]!.findings.map((f) => f.status));
  assert.deepEqual([...statuses].sort(), ["manual", "unreachable"], "never 'missing' for what could not be seen");
});

test("--fail-on decides exit 1 vs 0; bad values and dates are usage errors", async () => {
  const site = await serveFixtureSite("fgw");
  try {
    const base = ["check", site.url, "--unit", "市发展改革委", "--rules", "fixtures/rules/slice.yaml", "--as-of", "2026-11-26", "--interval", "0"];
    assert.equal((await runCli(base)).code, 1, "missing columns of severity error fail by default");
    assert.equal((await runCli([...base, "--fail-on", "none"])).code, 0);
    const bad = await runCli([...base, "--fail-on", "sometimes"]);
    assert.equal(bad.code, 2);
    oneLine(bad);
    const badDate = await runCli(["check", site.url, "--as-of", "2026-02-30"]);
    assert.equal(badDate.code, 2);
    assert.match(badDate.stderr, /--as-of takes a date as YYYY-MM-DD/);
    const unknownUnit = await runCli(["check", site.url, "--unit", "市不存在局", "--rules", "fixtures/rules/slice.yaml"]);
    assert.equal(unknownUnit.code, 2);
    assert.match(unknownUnit.stderr, /unit "市不存在局" is not in rulebook/);
  } finally {
    await site.close();
  }
});

test("text report: coloured only when asked, problems before present, a summary line", async () => {
  const site = await serveFixtureSite("fgw");
  try {
    const args = ["check", site.url, "--unit", "市发展改革委", "--rules", "fixtures/rules/slice.yaml", "--as-of", "2026-11-26", "--interval", "0"];
    const plain = await runCli(args);
    assert.doesNotMatch(plain.stdout, /\x1b\[/, "no ANSI codes when stdout is not a TTY");
    assert.ok(plain.stdout.indexOf("Problems") < plain.stdout.indexOf("Present"));
    // The fixture's 2021–2022 lists are past their freshness windows as of 2026-11-26 (docs/content-checks.md).
    assert.match(plain.stdout, /2 present, 2 missing, 1 empty, 3 stale, 1 manual/);
    const coloured = await runCli(args, { env: { FORCE_COLOR: "1" } });
    assert.match(coloured.stdout, /\x1b\[/);
    const noColor = await runCli(args, { env: { FORCE_COLOR: "1", NO_COLOR: "1" } });
    assert.doesNotMatch(noColor.stdout, /\x1b\[/, "NO_COLOR wins");
  } finally {
    await site.close();
  }
});

test("inspect a saved page: JSON shape of issue 2", async () => {
  const r = await runBin(["inspect", "fixtures/real/mee_detail_hjyw_2022_raw.html", "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  for (const key of ["url", "title", "breadcrumb", "published", "nav", "items", "pagination"]) assert.ok(key in out, key);
  assert.equal(out.title, "生态环境部一周要闻（4.10-4.16）");
  assert.deepEqual(out.breadcrumb, ["首页", "要闻动态", "环境要闻"]);
  assert.equal(out.published, "2022-04-17");
});

test("inspect a GBK page over HTTP: charset from <meta>, none in the header", async () => {
  const site = await serveFixtureSite("qx");
  try {
    const r = await runCli(["inspect", `${site.url}zwgk/xxgkml/hmhnzj/index.html`, "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { title: string; breadcrumb: string[]; encoding: string; items: unknown[]; pagination: { pages: number; next: string } };
    assert.equal(out.title, "惠民惠农资金");
    assert.equal(out.encoding, "gbk");
    assert.deepEqual(out.breadcrumb, ["首页", "政务公开", "信息公开目录", "惠民惠农资金"]);
    assert.equal(out.items.length, 2);
    assert.deepEqual(out.pagination, { pages: 2, next: `${site.url}zwgk/xxgkml/hmhnzj/index_1.html`, current: 1, source: "createPageHTML" });
    const text = await runCli(["inspect", `${site.url}zwgk/xxgkml/hmhnzj/index.html`]);
    assert.match(text.stdout, /Breadcrumb: 首页 > 政务公开 > 信息公开目录 > 惠民惠农资金/);
  } finally {
    await site.close();
  }
});

test("inspect a file that does not exist exits 2", async () => {
  const r = await runCli(["inspect", "no/such/page.html"]);
  assert.equal(r.code, 2);
  oneLine(r);
});
