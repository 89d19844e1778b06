/**
 * Navigation zwgk cannot read makes a column unreachable, never missing; the default
 * list-page bound; `zwgk inspect` showing items, dates and paging. Fixture: fixtures/sites/content/.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveFixtureSite, type FixtureSite } from "../scripts/fixture-server.js";
import type { Report } from "../src/report/types.js";
import { runCli } from "./helpers/cli.js";

let site: FixtureSite;
before(async () => {
  site = await serveFixtureSite("content");
});
after(() => site.close());

const check = async (path: string, ...more: string[]) => {
  const run = await runCli(["check", site.url + path, "--unit", "示例区政府", "--rules", "fixtures/rules/content.yaml", "--as-of", "2026-11-26", "--interval", "0", "--format", "json", ...more]);
  assert.ok(run.stdout.startsWith("{"), run.stderr);
  return { code: run.code, report: JSON.parse(run.stdout) as Report };
};

test("a frame that cannot be loaded may hold the tree: columns not found are unreachable, with the reason", async () => {
  const { report } = await check("broken/index.html");
  const findings = report.units[0]!.findings.filter((x) => x.status !== "manual");
  assert.ok(findings.length > 10);
  for (const x of findings) {
    assert.equal(x.status, "unreachable", x.rule);
    assert.equal(x.url, `${site.url}broken/tree.html`);
  }
  assert.equal(
    findings.find((x) => x.rule === "c.lwlb")!.evidence.reasonZh,
    `页面${site.url}broken/index.html中的框架页面${site.url}broken/tree.html无法访问（HTTP 404），栏目“六稳六保”未确认，需人工复核`,
  );
});

test("a menu a script loads at run time: columns not found are unreachable, not missing", async () => {
  const { report } = await check("scripttree/index.html");
  const x = report.units[0]!.findings.find((f) => f.rule === "c.lwlb")!;
  assert.equal(x.status, "unreachable");
  assert.match(x.evidence.reason!, /builds its menu by script from \/scripttree\/menu\.json/);
  assert.ok(report.units[0]!.findings.every((f) => f.status !== "missing"));
});

test("--max-list-pages defaults to 5: a document sought through all three pages of 共3页", async () => {
  const { report } = await check("");
  const qd = report.units[0]!.findings.find((f) => f.rule === "c.scjrfmqd")!;
  assert.equal(qd.status, "document-missing");
  assert.deepEqual([qd.evidence.pagesFollowed, qd.evidence.pagesDeclared, qd.evidence.itemCount], [3, 3, 6]);
  assert.equal(qd.evidence.reasonZh, "栏目“市场准入负面清单”中未找到“市场准入负面清单（2025年版）”", "no unread pages to mention");
  const bad = await runCli(["check", site.url, "--max-list-pages", "0"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--max-list-pages takes a whole number of 1 or more/);
});

test("zwgk inspect shows the items, their dates, the newest, and the paging it found", async () => {
  const text = await runCli(["inspect", `${site.url}zwgk/tzgg/index.html`, "--as-of", "2026-11-26"]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /Items \(3, 3 dated; newest 2026-11-20 关于2026年冬季供暖工作安排的通知\):/);
  assert.match(text.stdout, /2019-01-10 {2}\[置顶\] 关于公布政务公开工作联系方式的公告/);
  const paging = await runCli(["inspect", `${site.url}zwgk/szfgz/index.html`]);
  assert.match(paging.stdout, new RegExp(`Pagination: 2 page\\(s\\) \\(createPageHTML\\), this is page 1, next ${site.url}zwgk/szfgz/index_1.html`));
  const json = await runCli(["inspect", `${site.url}zwgk/zdjsxm/index.html`, "--format", "json"]);
  const r = JSON.parse(json.stdout) as { items: { date: string | null }[]; pagination: { pages: number; source: string }; newestItem: { date: string } };
  assert.deepEqual([r.items.length, r.pagination.pages, r.pagination.source, r.newestItem.date], [3, 2, "jpage", "2026-11-20"]);
  const loaded = await runCli(["inspect", `${site.url}zwgk/xzzf/index.html`]);
  assert.match(loaded.stdout, /Script-loaded list: \/api\/xzzf\/list\.json \(zwgk cannot read it\)/);
});
