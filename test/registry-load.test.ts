/** The units registry: the minimal form, the example, and every problem reported at file:line:col. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadRulebook } from "../src/rules/index.js";
import { loadRegistry, parseRegistry, RegistryError, splitPath } from "../src/registry/index.js";
import { formatDiagnostic } from "../src/rules/types.js";
import { runCli } from "./helpers/cli.js";

const slice = await loadRulebook("fixtures/rules/slice.yaml");
const lint = (text: string) => parseRegistry(text, "units.yaml", slice).diagnostics.map(formatDiagnostic);

test("the minimal form other tools generate is valid", () => {
  const { registry, diagnostics } = parseRegistry("units: [{ name: 市发展改革委, roles: [市政府部门], site: https://fzggw.cq.gov.cn/ }]\n", "units.yaml", slice);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(registry!.units[0], {
    name: "市发展改革委",
    roles: ["市政府部门"],
    sites: ["https://fzggw.cq.gov.cn/"],
    columns: [],
    exemptions: [],
    index: 0,
    source: { file: "units.yaml", line: 1 },
  });
});

test("the full form: several sites, column hints, exemptions, x- keys for other tools", () => {
  const { registry, diagnostics } = parseRegistry(
    [
      "registry: { id: t, title: 测试, example: true, x-owner: 政务公开办 }",
      "units:",
      "  - name: 示范区政府",
      "    roles: [各区县政府]",
      "    site: [https://www.a.gov.cn/, https://xxgk.a.gov.cn/]",
      "    x-code: 500103",
      "    columns:",
      "      - { path: 政府网站→政务公开→政府信息公开目录, url: https://xxgk.a.gov.cn/ml/ }",
      "      - { path: [政务公开, 政府信息公开目录, 地方政府债务], url: https://xxgk.a.gov.cn/zw/ }",
      "    exemptions:",
      "      - { rule: '1.3.7', reason: 本区无政府债务 }",
      "",
    ].join("\n"),
    "units.yaml",
    slice,
  );
  assert.deepEqual(diagnostics, []);
  const unit = registry!.units[0]!;
  assert.equal(registry!.example, true);
  assert.deepEqual(unit.sites, ["https://www.a.gov.cn/", "https://xxgk.a.gov.cn/"]);
  assert.deepEqual(unit.columns[0]!.path, ["政务公开", "政府信息公开目录"], "the site root is not a column");
  assert.deepEqual(unit.exemptions, [{ rule: "1.3.7", reason: "本区无政府债务" }]);
});

test("schema problems point at the offending key or value", () => {
  const problems = lint(
    [
      "units:", //                                   1
      "  - name: 市发展改革委", //                    2
      "    site: ftp://fzggw.cq.gov.cn/", //        3
      "    rols: [市政府部门]", //                   4
      "  - name: 市财政局", //                        5
      "    site: https://czj.cq.gov.cn/", //         6
      "    exemptions:", //                           7
      "      - { rule: 1.3, reason: x }", //          8
      "  - roles: [区县政府]", //                     9
      "    site: https://b.gov.cn/", //              10
      "",
    ].join("\n"),
  );
  assert.deepEqual(problems, [
    "units.yaml:3:11: units.0.site: must be an http:// or https:// address",
    `units.yaml:4:5: units.0: unknown key "rols" (did you mean "roles"?)`,
    `units.yaml:8:17: units.1.exemptions.0.rule: must be string (quote rule ids: rule: "1.10")`,
    `units.yaml:9:5: units.2: missing required key "name"`,
  ]);
});

test("what only the rulebook knows: roles, unknown units, exemptions, duplicates", () => {
  const problems = lint(
    [
      "units:", //                                                       1
      "  - { name: 市发展改革委, roles: [市政府部门], site: https://a.gov.cn/ }", // 2
      "  - name: 渝中区政府", //                                          3
      "    roles: [区县府]", //                                           4
      "    site: https://b.gov.cn/", //                                  5
      "  - name: 某某局", //                                              6
      "    site: https://c.gov.cn/", //                                  7
      "  - name: 市发展改革委", //                                        8
      "    site: https://d.gov.cn/", //                                  9
      "  - name: 示范区政府", //                                          10
      "    roles: [区县政府]", //                                         11
      "    site: https://e.gov.cn/", //                                  12
      "    exemptions:", //                                               13
      "      - { rule: '9.9.9', reason: x }", //                          14
      "      - { rule: '1.1.1', reason: x }", //                          15
      "      - { rule: '1.3.7', reason: x }", //                          16
      "      - { rule: '1.3.7', reason: y }", //                          17
      "",
    ].join("\n"),
  );
  assert.deepEqual(problems, [
    `units.yaml:4:13: unknown role "区县府"; rulebook cq-2021-slice defines: 区县政府, 市政府部门, 市政府有关部门, 门户网站主办单位`,
    `units.yaml:6:11: unit "某某局" is not in rulebook cq-2021-slice: give its roles, e.g. roles: [区县政府]`,
    `units.yaml:8:11: duplicate unit "市发展改革委" (first at line 2)`,
    `units.yaml:14:17: exemption names unknown rule "9.9.9" (rulebook cq-2021-slice)`,
    `units.yaml:15:17: rule "1.1.1" does not apply to 示范区政府, so it cannot be exempted; remove the exemption`,
    `units.yaml:17:17: rule "1.3.7" is exempted twice for 示范区政府`,
  ]);
});

test("YAML syntax errors and a bare list are reported at their place", () => {
  assert.match(lint("units:\n  - name: a\n   site: b\n")[0]!, /^units\.yaml:3:\d+: YAML: /);
  assert.deepEqual(lint("- name: a\n"), ["units.yaml:1:1: a units registry must be a YAML mapping with a `units:` list (put the list under `units:`)"]);
});

test("the example Chongqing registry is valid against the bundled rulebook and says it is an example", async () => {
  const bundled = await loadRulebook("rules/chongqing-2021.yaml");
  const registry = await loadRegistry("examples/chongqing-units.yaml", { rulebook: bundled });
  assert.equal(registry.example, true);
  const names = registry.units.map((u) => u.name);
  for (const named of Object.keys(bundled.units)) assert.ok(names.includes(named), `the example lists ${named} of the source table`);
  assert.ok(registry.units.filter((u) => u.roles.includes("区县政府")).length >= 5, "several 区县");
  for (const u of registry.units) for (const s of u.sites) assert.match(s, /^https:\/\/[a-z0-9.]+\.gov\.cn\/$/);
});

test("loadRegistry throws a RegistryError (exit 2) listing every problem; a missing file names the option", async () => {
  const dir = await mkdtemp(join(tmpdir(), "zwgk-registry-"));
  await writeFile(join(dir, "bad.yaml"), "units:\n  - { name: 某某局, site: https://c.gov.cn/ }\n  - { name: x, site: nope }\n");
  await assert.rejects(loadRegistry("bad.yaml", { cwd: dir, rulebook: slice }), (e: unknown) => e instanceof RegistryError && e.exitCode === 2 && /^bad\.yaml:3:/.test(e.message));
  await assert.rejects(loadRegistry("nope.yaml", { cwd: dir }), /nope\.yaml:1:1: cannot read units registry: no such file; check the --units path/);
});

test("zwgk check --units with a bad registry exits 2 before crawling, one line per problem", async () => {
  const dir = await mkdtemp(join(tmpdir(), "zwgk-registry-"));
  await writeFile(join(dir, "units.yaml"), "units:\n  - name: 渝中区政府\n    roles: [区县府]\n    site: http://127.0.0.1:9/\n  - { name: 某某局, site: http://127.0.0.1:9/ }\n");
  const r = await runCli(["check", "--units", "units.yaml", "--rules", join(process.cwd(), "fixtures/rules/slice.yaml")], { cwd: dir });
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assert.deepEqual(r.stderr.trim().split("\n"), [
    `zwgk: units.yaml:3:13: unknown role "区县府"; rulebook cq-2021-slice defines: 区县政府, 市政府部门, 市政府有关部门, 门户网站主办单位`,
    `zwgk: units.yaml:5:13: unit "某某局" is not in rulebook cq-2021-slice: give its roles, e.g. roles: [区县政府]`,
  ]);
});

test("--units does not mix with a URL, --unit or --role; --shard needs --units", async () => {
  const dir = await mkdtemp(join(tmpdir(), "zwgk-registry-"));
  await writeFile(join(dir, "units.yaml"), "units: [{ name: 市发展改革委, site: http://127.0.0.1:9/ }]\n");
  const rules = ["--rules", join(process.cwd(), "fixtures/rules/slice.yaml")];
  for (const [args, message] of [
    [["check", "http://127.0.0.1:9/", "--units", "units.yaml"], /either a URL or --units/],
    [["check", "--units", "units.yaml", "--role", "区县政府"], /--unit and --role describe one site/],
    [["check", "http://127.0.0.1:9/", "--shard", "1/2"], /--shard splits a units registry/],
    [["check", "--units", "units.yaml", "--shard", "3/2"], /--shard takes i\/n with 1 ≤ i ≤ n/],
    [["check"], /give the site's start URL, or a units registry/],
  ] as const) {
    const r = await runCli([...args, ...rules], { cwd: dir });
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1);
  }
});

test("splitPath reads the table's arrows and drops the site root", () => {
  assert.deepEqual(splitPath("政府网站→政务公开→政府信息公开目录→市场准入负面清单"), ["政务公开", "政府信息公开目录", "市场准入负面清单"]);
  assert.deepEqual(splitPath("首页 > 政务公开 ＞ 政策解读"), ["政务公开", "政策解读"]);
  assert.deepEqual(splitPath(undefined), []);
});
