/**
 * TLS and proxies: a self-signed certificate (made with openssl in the test) fails with a
 * clear reason, is accepted with --insecure (the report says so) or --ca; HTTP_PROXY,
 * HTTPS_PROXY and NO_PROXY are honoured.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Report } from "../src/report/types.js";
import { govPage, html, selfSignedCert, startFaultServer, startProxy, type FaultServer, type Proxy } from "./helpers/fault-server.js";
import { runCli } from "./helpers/cli.js";

const cert = selfSignedCert();
const skip = cert ? false : "the openssl CLI is not available to make a certificate";
let https: FaultServer;
let http: FaultServer;
let proxy: Proxy;
let dir: string;

const nav: [string, string][] = [["政务公开", "/zwgk/"]];
const routes = () => ({
  "/": html(govPage({ title: "首页", nav })),
  "/zwgk/": html(govPage({ title: "政务公开", nav, crumbs: [["政务公开"]] })),
});

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "zwgk-tls-"));
  http = await startFaultServer(routes());
  proxy = await startProxy();
  if (cert) {
    https = await startFaultServer(routes(), { tls: cert });
    writeFileSync(join(dir, "ca.pem"), cert.cert);
  }
});
after(async () => {
  await http.close();
  await proxy.close();
  await https?.close();
  rmSync(dir, { recursive: true, force: true });
});

const args = ["--interval", "0", "--retries", "0", "--rules", "fixtures/rules/crawl.yaml", "--unit", "测试局", "--as-of", "2026-11-26", "--format", "json", "--no-national"];
const check = async (url: string, extra: string[] = [], env: Record<string, string> = {}) => {
  const r = await runCli(["check", url, ...args, ...extra], { env });
  return { ...r, report: r.stdout.startsWith("{") ? (JSON.parse(r.stdout) as Report) : undefined };
};

test("a self-signed certificate: the site is unreachable and the reason says how to accept it", { skip }, async () => {
  const r = await check(https.url);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.report!.incompleteReason ?? "", /self-signed TLS certificate \(use --insecure or --ca to accept it\)/);
  assert.equal(r.report!.units[0]!.crawl.failures[0]!.kind, "tls");
  assert.equal(https.hits.get("/"), undefined, "no page was served over the rejected connection");
});

test("--insecure accepts it, and the report says it was used", { skip }, async () => {
  const r = await check(https.url, ["--insecure"]);
  assert.equal(r.report!.complete, true, r.stderr);
  const unit = r.report!.units[0]!;
  assert.equal(unit.crawl.pagesFetched, 2);
  assert.ok(unit.crawl.notes?.includes("TLS certificate verification disabled (--insecure)"));
});

test("--ca trusts the certificate without turning verification off", { skip }, async () => {
  const r = await check(https.url, ["--ca", join(dir, "ca.pem")]);
  assert.equal(r.report!.complete, true, r.stderr);
  assert.equal(r.report!.units[0]!.crawl.pagesFetched, 2);
  assert.ok(r.report!.units[0]!.crawl.notes?.some((n) => /extra CA certificates trusted/.test(n)));
  assert.ok(!r.report!.units[0]!.crawl.notes?.some((n) => /--insecure/.test(n)));
});

test("--ca with a missing or non-PEM file is a usage error naming the file", async () => {
  const missing = await check(http.url, ["--ca", join(dir, "nope.pem")]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read --ca .*nope\.pem: no such file/);
  writeFileSync(join(dir, "junk.pem"), "hello");
  const junk = await check(http.url, ["--ca", join(dir, "junk.pem")]);
  assert.equal(junk.code, 2);
  assert.match(junk.stderr, /holds no PEM certificate/);
});

test("HTTP_PROXY is used for http:// sites, NO_PROXY exempts hosts, and the report names the proxy", async () => {
  const before = proxy.relayed.length;
  const via = await check(http.url, [], { HTTP_PROXY: proxy.url });
  assert.equal(via.report!.complete, true, via.stderr);
  const relayed = proxy.relayed.slice(before);
  assert.ok(relayed.length >= 2, `relayed: ${relayed.join(", ")}`);
  // Plain absolute-URI requests, as curl sends http:// through a proxy: no CONNECT to port 80,
  // which proxies commonly refuse (Squid's default allows CONNECT to 443 only).
  assert.ok(relayed.every((line) => line.startsWith(`GET http://127.0.0.1:${http.port}/`)), `relayed: ${relayed.join(", ")}`);
  assert.ok(relayed.includes(`GET http://127.0.0.1:${http.port}/zwgk/`));
  assert.ok(via.report!.units[0]!.crawl.notes?.some((n) => n.startsWith(`requests sent through proxy ${proxy.url}`)));
  const count = proxy.relayed.length;
  const direct = await check(http.url, [], { HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1" });
  assert.equal(direct.report!.complete, true);
  assert.equal(proxy.relayed.length, count, "NO_PROXY: nothing went through the proxy");
});

test("HTTPS_PROXY tunnels https:// sites (with --insecure for the self-signed site)", { skip }, async () => {
  const before = proxy.relayed.length;
  const r = await check(https.url, ["--insecure"], { HTTPS_PROXY: proxy.url });
  assert.equal(r.report!.complete, true, r.stderr);
  assert.ok(proxy.relayed.slice(before).some((line) => line.startsWith(`CONNECT 127.0.0.1:${https.port}`)));
});

// inspect and probe fetch one page: they reach a site the way check does, so a page that check
// reached can be looked at, and an availability sample measures the path the checks take.

test("inspect: a self-signed site fails naming --insecure/--ca; with either it is read", { skip }, async () => {
  const refused = await runCli(["inspect", https.url, "--format", "json"]);
  assert.equal(refused.code, 3);
  assert.match(refused.stderr, /self-signed TLS certificate \(use --insecure or --ca to accept it\)/);
  assert.doesNotMatch(refused.stderr, /\n\s+at /, "no stack trace");
  for (const extra of [["--insecure"], ["--ca", join(dir, "ca.pem")]]) {
    const r = await runCli(["inspect", https.url, "--format", "json", ...extra]);
    assert.equal(r.code, 0, `${extra.join(" ")}: ${r.stderr}`);
    assert.equal((JSON.parse(r.stdout) as { title: string }).title, "首页");
  }
});

test("inspect goes through HTTP_PROXY (NO_PROXY exempts) and sends --user-agent", async () => {
  const before = proxy.relayed.length;
  const r = await runCli(["inspect", http.url, "--format", "json", "--user-agent", "zwgk-inspect-test/1"], { env: { HTTP_PROXY: proxy.url } });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(proxy.relayed.slice(before), [`GET ${http.url}`]);
  assert.equal(http.log.at(-1)!.headers["user-agent"], "zwgk-inspect-test/1");
  const count = proxy.relayed.length;
  const direct = await runCli(["inspect", http.url, "--format", "json"], { env: { HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1" } });
  assert.equal(direct.code, 0, direct.stderr);
  assert.equal(proxy.relayed.length, count);
});

test("probe: a self-signed site is a failed sample unless --insecure or --ca accepts it; HTTPS_PROXY is used", { skip }, async () => {
  const history = join(dir, "probe.jsonl");
  const probe = (extra: string[], env: Record<string, string> = {}) =>
    runCli(["probe", https.url, "--history", history, "--rules", "rules/national-inspection.yaml", "--format", "json", ...extra], { env });
  const sample = (r: { stdout: string }) => (JSON.parse(r.stdout) as { sample: { ok: boolean; reason?: string } }).sample;
  const refused = await probe([]);
  assert.equal(sample(refused).ok, false);
  assert.match(sample(refused).reason ?? "", /self-signed TLS certificate/);
  assert.equal(sample(await probe(["--insecure"])).ok, true);
  assert.equal(sample(await probe(["--ca", join(dir, "ca.pem")])).ok, true);
  const before = proxy.relayed.length;
  assert.equal(sample(await probe(["--insecure"], { HTTPS_PROXY: proxy.url })).ok, true);
  assert.ok(proxy.relayed.slice(before).some((line) => line.startsWith(`CONNECT 127.0.0.1:${https.port}`)));
});
