/** Choosing formats on the command line: by --format, by --output extension, several per run; NO_COLOR; the HTML filter in a real browser when one is installed. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { serveFixtureSite } from "../scripts/fixture-server.js";
import { render } from "../src/report/index.js";
import { repoRoot, runBin, runCli } from "./helpers/cli.js";
import { sampleReport } from "./helpers/sample-report.js";

async function withStoredReport(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "zwgk-formats-"));
  await writeFile(join(dir, "r.json"), (await render("json", sampleReport())) as string);
  return dir;
}

test("bad format choices fail before any work, one line, exit 2", async () => {
  const dir = await withStoredReport();
  for (const [args, message] of [
    [["report", "r.json", "--format", "xlsx"], /--format xlsx is binary and cannot go to the terminal; write it with --output report\.xlsx/],
    [["report", "r.json", "--format", "html", "--format", "csv"], /only one format can go to stdout, not html and csv/],
    [["report", "r.json", "-o", "report.pdf"], /cannot tell the format of --output report\.pdf from its extension/],
    [["report", "r.json", "--format", "yaml"], /unknown --format "yaml"; choose from text, json, html, md, csv, xlsx, junit/],
    [["check", "http://127.0.0.1:9/", "--format", "xlsx"], /--format xlsx is binary/],
    [["report", "a.json", "b.json"], /report renders one report, not 2; to combine shards use: zwgk report merge a\.json b\.json/],
  ] as const) {
    const r = await runCli([...args], { cwd: dir });
    assert.equal(r.code, 2, args.join(" "));
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, message);
  }
});

test("each --output gets the format of its extension; the leftover --format goes to stdout", async () => {
  const dir = await withStoredReport();
  const r = await runCli(["report", "r.json", "--format", "md", "-o", "out/a.html", "-o", "out/a.csv", "-o", "out/a.xml", "-o", "out/a.xlsx", "-o", "out/a.txt", "-o", "out/a.json"], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^## zwgk/, "md on stdout");
  assert.match(await readFile(join(dir, "out/a.html"), "utf8"), /^<!DOCTYPE html>/);
  assert.match(await readFile(join(dir, "out/a.csv"), "utf8"), /^\uFEFFunit,rule/);
  assert.match(await readFile(join(dir, "out/a.xml"), "utf8"), /^<\?xml[\s\S]*<testsuites /);
  assert.equal((await readFile(join(dir, "out/a.xlsx"))).subarray(0, 2).toString(), "PK");
  assert.match(await readFile(join(dir, "out/a.txt"), "utf8"), /^zwgk 0\.1\.0 · rulebook/);
  assert.deepEqual(JSON.parse(await readFile(join(dir, "out/a.json"), "utf8")), sampleReport(), "a re-rendered JSON report is the report");
  const quiet = await runCli(["report", "r.json", "-o", "b.html", "-q"], { cwd: dir });
  assert.equal(quiet.stdout, "", "-q: nothing on stdout when writing files");
  const unknownExtension = await runCli(["report", "r.json", "--format", "junit", "-o", "results.out", "-q"], { cwd: dir });
  assert.equal(unknownExtension.code, 0);
  assert.match(await readFile(join(dir, "results.out"), "utf8"), /<testsuites /, "an unknown extension takes the one --format");
});

test("the installed binary renders every format too (exceljs loads from dist/)", async () => {
  const dir = await withStoredReport();
  const r = await runBin(["report", "r.json", "-o", "a.xlsx", "-o", "a.html", "-q"], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await readFile(join(dir, "a.xlsx"))).subarray(0, 2).toString(), "PK");
  assert.match(await readFile(join(dir, "a.html"), "utf8"), /^<!DOCTYPE html>/);
});

test("text on a terminal: colour with FORCE_COLOR, none with NO_COLOR or --no-color", async () => {
  const dir = await withStoredReport();
  const ansi = /\u001b\[/;
  assert.match((await runCli(["report", "r.json"], { cwd: dir, env: { FORCE_COLOR: "1" } })).stdout, ansi);
  assert.doesNotMatch((await runCli(["report", "r.json"], { cwd: dir, env: { FORCE_COLOR: "1", NO_COLOR: "1" } })).stdout, ansi);
  assert.doesNotMatch((await runCli(["report", "r.json", "--no-color"], { cwd: dir, env: { FORCE_COLOR: "1" } })).stdout, ansi);
  assert.doesNotMatch((await runCli(["report", "r.json"], { cwd: dir })).stdout, ansi, "not a terminal: plain");
});

test("zwgk check <url> writes several formats from one crawl", async () => {
  const fgw = await serveFixtureSite("fgw");
  try {
    const dir = await mkdtemp(join(tmpdir(), "zwgk-formats-"));
    const r = await runCli(["check", fgw.url, "--unit", "市发展改革委", "--rules", join(repoRoot, "fixtures/rules/slice.yaml"), "--as-of", "2026-11-26", "--interval", "0", "--format", "json", "-o", "a.csv", "-o", "a.xml"], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.units[0].name, "市发展改革委");
    const csvRows = (await readFile(join(dir, "a.csv"), "utf8")).trim().split("\r\n").length - 1;
    const problems = report.units[0].findings.filter((f: { status: string }) => !["present", "manual"].includes(f.status)).length;
    assert.equal(csvRows, problems, "one CSV row per problem");
    assert.equal((await readFile(join(dir, "a.xml"), "utf8")).match(/<testcase /g)!.length, report.units[0].findings.length);
  } finally {
    await fgw.close();
  }
});

const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => existsSync(p));

test("the HTML report filters by unit in a real browser, from a #unit=… link", { skip: chromium ? false : "no Chromium installed", timeout: 60_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), "zwgk-browser-"));
  const file = join(dir, "r.html");
  await writeFile(file, (await render("html", sampleReport())) as string);
  const url = `${pathToFileURL(file).href}#unit=${encodeURIComponent("市发展改革委")}&problems=1`;
  const { stdout } = await promisify(execFile)(
    chromium!,
    ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${join(dir, "profile")}`, "--dump-dom", url],
    { timeout: 45_000, maxBuffer: 10 * 1024 * 1024 },
  );
  assert.match(stdout, /<span id="shown">3<\/span>/, "the script ran (the CSP allowed it) and kept the unit's 3 problems");
  const rows = stdout.match(/<tr data-unit="[^"]*"[^>]*>/g)!;
  assert.equal(rows.length, 10);
  assert.equal(rows.filter((r) => !/\bhidden\b/.test(r)).length, 3);
  assert.ok(!stdout.includes("<script>alert"), "the hostile unit name stayed text");
});

test("the CI examples in docs/ci use only options zwgk has", async () => {
  const { parse } = await import("yaml");
  const { readdir } = await import("node:fs/promises");
  const help = {
    check: (await runCli(["check", "--help"])).stdout,
    report: (await runCli(["report", "--help"])).stdout,
  };
  const strings = (value: unknown): string[] =>
    typeof value === "string" ? [value] : Array.isArray(value) ? value.flatMap(strings) : value && typeof value === "object" ? Object.values(value).flatMap(strings) : [];
  let commands = 0;
  for (const file of await readdir(join(repoRoot, "docs/ci"))) {
    const doc = parse(await readFile(join(repoRoot, "docs/ci", file), "utf8"));
    for (const text of strings(doc)) {
      for (const line of text.replace(/\\\n\s*/g, " ").split("\n")) {
        const m = /\bzwgk (check|report)\b(.*)/.exec(line);
        if (!m) continue;
        commands++;
        for (const flag of m[2]!.match(/(?<=\s)--?[a-z][a-z-]*/g) ?? []) {
          assert.ok(help[m[1] as "check" | "report"].includes(flag), `${file}: zwgk ${m[1]} has no option ${flag}`);
        }
      }
    }
  }
  assert.ok(commands >= 4, `found ${commands} zwgk commands in docs/ci`);
});
