/** Rulebooks: the bundled ones are complete and clean; every class of mistake is reported where it is. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadRulebook } from "../src/rules/index.js";
import { repoRoot, runCli } from "./helpers/cli.js";

test("the bundled rulebooks lint clean (zwgk rules lint, exit 0)", async () => {
  const r = await runCli(["rules", "lint"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /rules\/chongqing-2021\.yaml: ok, 156 rules \(3 file\(s\)\)/);
  assert.match(r.stdout, /rules\/national-baseline\.yaml: ok, 5 rules/);
});

test("each class of rulebook error, at its exact file:line:col, all at once, exit 2", async () => {
  const r = await runCli(["rules", "lint", "fixtures/rules/bad/semantics.yaml", "fixtures/rules/bad/unknown-key.yaml", "fixtures/rules/bad/cycle-a.yaml", "fixtures/rules/bad/syntax.yaml"]);
  assert.equal(r.code, 2);
  assert.deepEqual(r.stdout.trim().split("\n"), [
    'fixtures/rules/bad/semantics.yaml:7:21: unknown role "市政府部门" (define it under roles:)',
    'fixtures/rules/bad/semantics.yaml:9:3: alias target "不存在的栏目" is not a column in any rule\'s paths',
    'fixtures/rules/bad/semantics.yaml:17:9: duplicate rule id "1.1.1" (first at line 11)',
    'fixtures/rules/bad/semantics.yaml:19:26: unknown unit "市不存在局" (define it under units:)',
    "fixtures/rules/bad/semantics.yaml:21:16: rules.1.paths.0.1: empty path segment",
    'fixtures/rules/bad/semantics.yaml:22:40: "2021-02-30" is not a real calendar date',
    'fixtures/rules/bad/semantics.yaml:26:26: unknown role "各部门" (define it under roles:)',
    'fixtures/rules/bad/semantics.yaml:27:16: rule "1.1.2" is manual (checkable: false) but has no manualReason',
    'fixtures/rules/bad/unknown-key.yaml:14:5: rules.0: unknown key "deadlin" (did you mean "deadline"?)',
    "fixtures/rules/bad/cycle-b.yaml:4:11: extends cycle: fixtures/rules/bad/cycle-a.yaml → fixtures/rules/bad/cycle-b.yaml → fixtures/rules/bad/cycle-a.yaml",
    "fixtures/rules/bad/syntax.yaml:7:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
  ]);
  assert.match(r.stderr, /11 problem\(s\) in 4 rulebook\(s\)/);
});

test("a missing --rules file is one line naming it", async () => {
  const r = await runCli(["check", "http://127.0.0.1:9/", "--rules", "no/such.yaml"]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, "zwgk: no/such.yaml:1:1: cannot read rulebook: no such file; check the --rules path\n");
});

test("rule counts per subsection match the hand count of the source table (docs/rulebook-coverage.md)", async () => {
  const book = await loadRulebook(resolve(repoRoot, "rules", "chongqing-2021.yaml"));
  const city = book.rules.filter((r) => /^\d+\.\d+\.\d+$/.test(r.id));
  const counted = new Map<string, { rules: number; manual: number }>();
  for (const r of city) {
    const key = r.id.split(".").slice(0, 2).join(".");
    const c = counted.get(key) ?? { rules: 0, manual: 0 };
    c.rules++;
    if (!r.checkable) c.manual++;
    counted.set(key, c);
  }
  const table = readFileSync(resolve(repoRoot, "docs", "rulebook-coverage.md"), "utf8");
  const rows = [...table.matchAll(/^\| (\d\.\d) \| [^|]+ \| (\d+) \| (\d+) \| (\d+) \|/gm)];
  assert.equal(rows.length, 13, "13 subsections in four sections");
  for (const [, id, , rules, manual] of rows) {
    assert.deepEqual(counted.get(id!), { rules: Number(rules), manual: Number(manual) }, `subsection ${id}`);
  }
  assert.equal(city.length, 151);
  assert.match(book.truncated ?? "", /四（三）|4\.3\.35/, "the truncation is recorded in the rulebook's metadata");
});

test("every measure keeps its source: sections, text, OCR fragments; manual rules say why", async () => {
  const book = await loadRulebook(resolve(repoRoot, "rules", "chongqing-2021.yaml"));
  // The scrape splits the document into chunks headed "2、", "3、" …: those markers are not text.
  const seed = readFileSync(resolve(repoRoot, "fixtures", "seed", "000_0994e2b7f10bf719.txt"), "utf8").replace(/\n+\d+、/g, "").replace(/\s+/g, "");
  for (const r of book.rules.filter((x) => /^\d/.test(x.id))) {
    assert.ok(r.section && r.subsection && r.text, `${r.id} has section, subsection and text`);
    if (!r.checkable) assert.ok(r.manualReason, `${r.id} says why it is manual`);
    for (const o of r.ocr) assert.ok(seed.includes(o.raw.replace(/\s+/g, "")), `${r.id}: OCR fragment "${o.raw}" is verbatim in the seed`);
  }
  const first = book.rules.find((r) => r.id === "1.1.1")!;
  assert.ok(first.ocr.some((o) => o.text.includes("公开重庆市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要")));
  assert.deepEqual(book.rules.find((r) => r.id === "3.1.1")?.deadline?.date, "2021-06-30", "2021年6月底前");
  assert.deepEqual(book.rules.find((r) => r.id === "3.1.13")?.deadline?.date, "2021-05-31", "2021年5月31日前");
});

test("role filtering returns what the table says (一（一）and 一（二）)", async () => {
  const ids = async (...who: string[]) => {
    const r = await runCli(["rules", "list", "--format", "json", ...who]);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as { id: string; paths: string[][]; checkable: boolean; lead: string[]; roles: string[]; deadline: unknown; responsible: string[]; title: string }[];
    for (const entry of list) for (const key of ["id", "title", "paths", "lead", "responsible", "roles", "deadline", "checkable"]) assert.ok(key in entry, key);
    return list.map((x) => x.id).filter((id) => /^1\.[12]\./.test(id));
  };
  // 各区县政府 rows, plus the 门户网站主办单位 row (a 区县政府 runs its own portal).
  assert.deepEqual(await ids("--role", "区县政府"), ["1.1.5", "1.1.6", "1.1.8", "1.1.9", "1.2.2", "1.2.5"]);
  assert.deepEqual(await ids("--role", "各区县政府"), ["1.1.5", "1.1.6", "1.1.8", "1.1.9", "1.2.2", "1.2.5"], "the table's wording works too");
  // Its own rows, the 市政府有关部门 rows, and 1.2.6 where it is named among the responsible units.
  assert.deepEqual(await ids("--unit", "市发展改革委"), ["1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.2.1", "1.2.3", "1.2.4", "1.2.6"]);
  const unknown = await runCli(["rules", "list", "--role", "乡镇政府"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown role "乡镇政府"; the rulebook cq-2021 defines: 区县政府, 市政府部门/);
});

test("rules show prints one rule in full with its source text", async () => {
  const r = await runCli(["rules", "show", "1.2.1"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^1\.2\.1 {2}/);
  assert.match(r.stdout, /公开路径: +政务公开 → 政府信息公开目录 → 市场准入负面清单/);
  assert.match(r.stdout, /原文:\n {2}公开全国统一的市场准入负面清单/);
  const missing = await runCli(["rules", "show", "9.9.9"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no rule "9\.9\.9"/);
});

test("layering: extends, overrides (off with a reason, severity), redefinitions and added aliases", async () => {
  const book = await loadRulebook(resolve(repoRoot, "fixtures", "rules", "layers", "local.yaml"));
  assert.equal(book.id, "local-overlay");
  assert.deepEqual(book.files.map((f) => f.replace(/\\/g, "/")).map((f) => f.slice(f.indexOf("fixtures"))), ["fixtures/rules/slice.yaml", "fixtures/rules/layers/local.yaml"]);
  const rule = (id: string) => book.rules.find((r) => r.id === id)!;
  assert.equal(rule("1.1.3").disabled?.reason, "本委专项规划由市规划自然资源局统一公开");
  assert.equal(rule("1.1.9").severity, "error");
  assert.equal(rule("1.2.1").title, "公开市场准入负面清单（本地改写）");
  assert.equal(book.rules.filter((r) => r.id === "1.2.1").length, 1, "redefined, not duplicated");
  assert.deepEqual(book.aliases["市场准入负面清单"], ["准入清单"]);
  assert.ok(book.aliases["政府信息公开目录"]?.includes("信息公开目录"), "the base's aliases are kept");
  const list = await runCli(["rules", "list", "--rules", "fixtures/rules/layers/local.yaml", "--unit", "市发展改革委"]);
  assert.match(list.stdout, /1\.1\.3 .*\n.*\[off: 本委专项规划由市规划自然资源局统一公开\]/);
});

test("the city rulebook extends the national baseline: every unit gets the 政府信息公开 column standard", async () => {
  const r = await runCli(["rules", "list", "--format", "json", "--role", "区县政府"]);
  const ids = (JSON.parse(r.stdout) as { id: string }[]).map((x) => x.id);
  for (const id of ["N.1", "N.2", "N.3", "N.4", "N.5"]) assert.ok(ids.includes(id), id);
});

test("template names resolve per unit: 本区县（本部门）规范性文件 matches 规范性文件 and 本部门规范性文件", async () => {
  const { NameMatcher } = await import("../src/check/names.js");
  const names = new NameMatcher({});
  assert.ok(names.same("本部门规范性文件", "本区县（本部门）规范性文件"));
  assert.ok(names.same("本区县规范性文件", "本区县（本部门）规范性文件"));
  assert.ok(names.same("规范性文件", "本区县（本部门）规范性文件"));
  assert.ok(!names.same("规章", "本区县（本部门）规范性文件"));
});
