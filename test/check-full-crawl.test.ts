/** `zwgk check --full-crawl`: article pages are fetched too, not only navigation and lists. */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveFixtureSite, type FixtureSite } from "../scripts/fixture-server.js";
import { runCli } from "./helpers/cli.js";

const slice = "fixtures/rules/slice.yaml";
/** TRS article addresses: what the qx fixture's lists link to. */
const ARTICLE = /\/t\d{8}_\d+\.html$/;
let qx: FixtureSite;

before(async () => {
  qx = await serveFixtureSite("qx");
});
after(async () => {
  await qx.close();
});

const articlesHit = () => [...qx.hits.keys()].filter((p) => ARTICLE.test(p)).sort();

test("--full-crawl requests every article a list links to; the default crawl leaves some alone", async () => {
  const base = ["check", qx.url, "--role", "区县政府", "--rules", slice, "--as-of", "2026-11-26", "--interval", "0", "--format", "json", "--no-national"];
  qx.hits.clear();
  const plain = await runCli(base);
  assert.ok(plain.code === 0 || plain.code === 1, plain.stderr);
  const byDefault = articlesHit();

  qx.hits.clear();
  const full = await runCli([...base, "--full-crawl"]);
  assert.ok(full.code === 0 || full.code === 1, full.stderr);
  const byFull = articlesHit();

  // The qx fixture links eight articles from its column lists (none of them exists: 404s are fine).
  assert.equal(byFull.length, 8, `full crawl requested ${byFull.join(", ")}`);
  for (const p of byDefault) assert.ok(byFull.includes(p), `${p} requested by default but not with --full-crawl`);
  assert.ok(byDefault.length < byFull.length, `default crawl requested every article too: ${byDefault.join(", ")}`);
});
