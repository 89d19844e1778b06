/**
 * `npm run bench`: zwgk's throughput, memory and scaling, measured in one run against the
 * raw limit (scripts/bench/raw.ts) and a peer (linkinator 7), over synthetic government
 * sites (scripts/bench/site.ts) served by a separate process (scripts/bench/server.ts).
 * Machines here are shared and noisy: read the ratios, which hold, more than the absolute
 * numbers, which drift. See docs/performance.md.
 *
 * Environment:
 *   BENCH_SIZES=1000,5000,10000   site sizes for the scaling part; the largest is the one
 *                                 zwgk and the raw loop are compared on
 *   BENCH_PEER_PAGES=10000        the size (one of BENCH_SIZES) zwgk and linkinator are compared
 *                                 on: the largest, as issue 8 defines the ratio. linkinator's cost
 *                                 grows with links × results (a linear results.find() per repeated
 *                                 link), so this run takes minutes; linkinator also runs on the
 *                                 smallest site, where it is at its best, and that ratio is printed
 *                                 too ("" for the largest alone)
 *   BENCH_PEER_SMALL=1000         that second, kinder comparison ("" skips it)
 *   BENCH_SMALL_HEAP="--max-semi-space-size=2 --max-old-space-size=96"
 *                                 V8 flags of the small-heap runs (zwgk at the smallest and the
 *                                 largest size under NODE_OPTIONS-style flags; "" skips them)
 *   BENCH_HOSTS=50                sites in the multi-host part (127.0.0.2 …)
 *   BENCH_SMALL_PAGES=24          pages of each multi-host site (+0…8, so one host is the slowest)
 *   BENCH_MULTI_PARALLEL=50       also run the registry with --parallel N (comma list; "" for none)
 *   BENCH_POLITE_INTERVAL=0       --interval of the requests/site-pages run. 0 by default: at zwgk's
 *                                 default 500 ms the run takes ~2 min longer and makes the same
 *                                 requests (the count does not depend on the interval); "default"
 *                                 runs it without --interval
 *   BENCH_PROFILE=1               one more zwgk run on the largest site under node --cpu-prof
 *   BENCH_KEEP=1                  keep the temporary directory (sites, reports, profile)
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, freemem, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CRAWL_DEFAULTS } from "../../src/crawl/crawler.js";
import { DEFAULT_PARALLEL } from "../../src/check/units.js";
import { AS_OF, generateSite, type SiteManifest } from "./site.js";
import type { ServeRequest, ServerStats } from "./server.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const env = process.env;
const SIZES = (env.BENCH_SIZES ?? "1000,5000,10000").split(",").map((s) => Number(s.trim())).filter((n) => n > 0).sort((a, b) => a - b);
const HOSTS = Number(env.BENCH_HOSTS ?? 50);
const SMALL_PAGES = Number(env.BENCH_SMALL_PAGES ?? 24);
const MULTI_PARALLEL = (env.BENCH_MULTI_PARALLEL ?? "50").split(",").map(Number).filter((n) => n > 0);
const POLITE_INTERVAL = env.BENCH_POLITE_INTERVAL === "default" ? undefined : (env.BENCH_POLITE_INTERVAL ?? "0");
const PROFILE = env.BENCH_PROFILE === "1";
const KEEP = env.BENCH_KEEP === "1";
const CONCURRENCY = 16;
const UNIT = "示例区人民政府";
const ROLE = "区县政府";
const LARGEST = SIZES[SIZES.length - 1]!;
const SMALLEST = SIZES[0]!;
const PEER = Number(env.BENCH_PEER_PAGES ?? LARGEST);
if (!SIZES.includes(PEER)) throw new Error(`BENCH_PEER_PAGES=${PEER} is not one of BENCH_SIZES (${SIZES.join(",")})`);
const PEER_SMALL = env.BENCH_PEER_SMALL === "" ? null : Number(env.BENCH_PEER_SMALL ?? SMALLEST);
if (PEER_SMALL !== null && !SIZES.includes(PEER_SMALL)) throw new Error(`BENCH_PEER_SMALL=${PEER_SMALL} is not one of BENCH_SIZES (${SIZES.join(",")})`);
const SMALL_HEAP = (env.BENCH_SMALL_HEAP ?? "--max-semi-space-size=2 --max-old-space-size=96").split(/\s+/).filter(Boolean);

// Loopback only: a proxy from the environment must not sit between the tools and the server.
const childEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(env).filter(([k]) => !/^(https?|all|no)_proxy$/i.test(k)));
childEnv.NO_COLOR = "1";
childEnv.FORCE_COLOR = "0";

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const sizeLabel = (n: number) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));

interface Measured {
  wallMs: number;
  cpuS: number;
  peakRssMB: number;
  exitCode: number;
  stdout: string;
  stderr: string;
  server: ServerStats;
}

// ---------- the server process ----------

class SiteServer {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly waiting = new Map<number, (m: { urls?: string[]; stats?: ServerStats; error?: string }) => void>();

  constructor() {
    this.child = fork(join(root, "scripts", "bench", "server.ts"), [], { execArgv: ["--import", "tsx"], env: childEnv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.child.on("message", (m: { id: number; urls?: string[]; stats?: ServerStats; error?: string }) => {
      this.waiting.get(m.id)?.(m);
      this.waiting.delete(m.id);
    });
  }

  private ask<T>(msg: object): Promise<T> {
    const id = this.nextId++;
    return new Promise((ok, fail) => {
      this.waiting.set(id, (m) => (m.error ? fail(new Error(`server: ${m.error}`)) : ok(m as T)));
      this.child.send({ ...msg, id });
    });
  }

  async serve(sites: ServeRequest[]): Promise<string[]> {
    return (await this.ask<{ urls: string[] }>({ type: "serve", sites })).urls;
  }

  async stats(reset = true): Promise<ServerStats> {
    return (await this.ask<{ stats: ServerStats }>({ type: "stats", reset })).stats;
  }

  close(): void {
    this.child.send({ type: "close" });
  }
}

// ---------- measuring a child process ----------

/** Runs a command under /usr/bin/time -v: wall time, CPU (user + system) and peak RSS of the process. */
async function measure(server: SiteServer, command: string, args: string[], dir: string): Promise<Measured> {
  await server.stats(true);
  const timeFile = join(dir, `time-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  const started = performance.now();
  const child = spawn("/usr/bin/time", ["-v", "-o", timeFile, command, ...args], { cwd: root, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exitCode = await new Promise<number>((ok) => child.on("close", (code) => ok(code ?? -1)));
  const wallMs = performance.now() - started;
  const time = await readFile(timeFile, "utf8");
  const field = (name: string) => Number(new RegExp(`${name}[^:]*:\\s*([\\d.]+)`).exec(time)?.[1] ?? NaN);
  return {
    wallMs,
    cpuS: field("User time") + field("System time"),
    peakRssMB: field("Maximum resident set size") / 1024,
    exitCode,
    stdout,
    stderr,
    server: await server.stats(true),
  };
}

interface ZwgkReport {
  complete: boolean;
  units: { name: string; site: string; summary: Record<string, number>; crawl: { pagesFetched: number; pagesFailed: number; requests: number; durationMs: number; stoppedBy: string } }[];
}

async function zwgk(server: SiteServer, args: string[], dir: string, name: string, nodeFlags: string[] = []): Promise<Measured & { report: ZwgkReport }> {
  const out = join(dir, `${name}.json`);
  const m = await measure(server, process.execPath, [...nodeFlags, join(root, "bin", "zwgk.js"), "check", ...args, "--as-of", AS_OF, "--fail-on", "none", "-o", out, "--quiet"], dir);
  if (m.exitCode !== 0) throw new Error(`zwgk ${name} exited ${m.exitCode}: ${m.stderr.trim().split("\n").slice(-3).join(" / ")}`);
  return { ...m, report: JSON.parse(await readFile(out, "utf8")) as ZwgkReport };
}

const fullCrawlArgs = (url: string, pages: number) => [url, "--unit", UNIT, "--role", ROLE, "--full-crawl", "--max-pages", String(pages * 2), "--concurrency", String(CONCURRENCY), "--per-host-concurrency", String(CONCURRENCY), "--interval", "0"];

// ---------- the CPU profile ----------

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Top self-time functions of a .cpuprofile, aggregated by function and location. */
async function topFunctions(file: string, top = 15): Promise<{ name: string; ms: number; share: number }[]> {
  const profile = JSON.parse(await readFile(file, "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byNode = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byNode.get(id)!;
    const dt = Math.max(0, profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const f = node.callFrame;
    const where = f.url ? `${f.url.replace(/^file:\/\//, "").replace(`${root}/`, "")}:${f.lineNumber + 1}` : "";
    const key = `${f.functionName || "(anonymous)"}${where ? ` ${where}` : ""}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, ms: Math.round(ms), share: ms / total }));
}

// ---------- the run ----------

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")).join("\n");
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "—");
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "—");

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "zwgk-bench-"));
  log(`working in ${dir}${KEEP ? " (kept)" : " (removed at the end; BENCH_KEEP=1 keeps it)"}`);
  const server = new SiteServer();
  try {
    const t0 = performance.now();
    const sites = new Map<number, { url: string; manifest: SiteManifest }>();
    for (const size of SIZES) {
      const manifest = await generateSite(join(dir, `site-${size}`), { pages: size });
      const [url] = await server.serve([{ dir: join(dir, `site-${size}`), host: "127.0.0.1" }]);
      sites.set(size, { url: url!, manifest });
    }
    const small: { host: string; dir: string; manifest: SiteManifest }[] = [];
    for (let i = 0; i < HOSTS; i++) {
      const host = `127.0.0.${i + 2}`;
      const siteDir = join(dir, `host-${i + 2}`);
      // Sizes differ a little, so one host is the slowest and the ideal is its time.
      small.push({ host, dir: siteDir, manifest: await generateSite(siteDir, { pages: SMALL_PAGES + (i % 5) * 2, small: true, seed: i, siteName: `示例${i + 1}区人民政府` }) });
    }
    let smallUrls: string[] = [];
    if (small.length) {
      const [first] = await server.serve([{ dir: small[0]!.dir, host: small[0]!.host }]);
      const port = Number(new URL(first!).port);
      smallUrls = [first!, ...(await server.serve(small.slice(1).map((s) => ({ dir: s.dir, host: s.host, port }))))];
    }
    const big = sites.get(LARGEST)!;
    log(`generated ${SIZES.map((s) => `${s}`).join(", ")}-page sites (${big.manifest.meanPageBytes} B mean page, ${big.manifest.gbkPages} of ${big.manifest.pages} GBK) and ${small.length} small ones in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // (a) zwgk and (b) the raw limit on the largest site, politeness lifted; then the other
    // sizes, each followed by what is compared on it, so compared runs sit side by side in time.
    log(`zwgk check --full-crawl on ${LARGEST} pages …`);
    const scaling = new Map<number, Measured & { report: ZwgkReport }>();
    scaling.set(LARGEST, await zwgk(server, fullCrawlArgs(big.url, LARGEST), dir, `full-${LARGEST}`));
    log(`raw loop on ${LARGEST} pages …`);
    const raw = await measure(server, process.execPath, ["--import", "tsx", join(root, "scripts", "bench", "raw.ts"), big.url, String(CONCURRENCY)], dir);
    if (raw.exitCode !== 0) throw new Error(`raw loop exited ${raw.exitCode}: ${raw.stderr.trim()}`);
    const rawAt = new Map<number, Measured>([[LARGEST, raw]]);
    for (const size of SIZES.slice(0, -1).reverse()) {
      log(`zwgk check --full-crawl on ${size} pages …`);
      scaling.set(size, await zwgk(server, fullCrawlArgs(sites.get(size)!.url, size), dir, `full-${size}`));
      if (size === PEER) {
        log(`raw loop on ${size} pages …`);
        rawAt.set(size, await measure(server, process.execPath, ["--import", "tsx", join(root, "scripts", "bench", "raw.ts"), sites.get(size)!.url, String(CONCURRENCY)], dir));
      }
    }
    // (c) the peer, linkinator 7 --recurse, on the BENCH_PEER_PAGES site (and on the smallest, where it does best).
    const runLinkinator = async (size: number) => {
      log(`linkinator --recurse on ${size} pages …`);
      const m = await measure(server, process.execPath, [join(root, "node_modules", "linkinator", "build", "src", "cli.js"), sites.get(size)!.url, "--recurse", "--concurrency", String(CONCURRENCY), "--verbosity", "error"], dir);
      if (m.exitCode !== 0) log(`linkinator exited ${m.exitCode} (broken links reported): ${m.stderr.trim().split("\n").slice(-2).join(" / ")}`);
      return m;
    };
    const linkinator = await runLinkinator(PEER);
    const linkinatorSmall = PEER_SMALL !== null && PEER_SMALL !== PEER ? await runLinkinator(PEER_SMALL) : null;

    // zwgk with a small V8 heap: what the memory targets cost in speed.
    const smallHeap = new Map<number, Measured & { report: ZwgkReport }>();
    if (SMALL_HEAP.length) {
      for (const size of [...new Set([SMALLEST, LARGEST])]) {
        log(`zwgk check --full-crawl on ${size} pages with ${SMALL_HEAP.join(" ")} …`);
        smallHeap.set(size, await zwgk(server, fullCrawlArgs(sites.get(size)!.url, size), dir, `small-heap-${size}`, SMALL_HEAP));
      }
    }

    // Requests zwgk needs to judge the largest site with its default, polite settings.
    log(`zwgk check with default settings on ${LARGEST} pages${POLITE_INTERVAL !== undefined ? ` (--interval ${POLITE_INTERVAL})` : ""} …`);
    const polite = await zwgk(server, [big.url, "--unit", UNIT, "--role", ROLE, ...(POLITE_INTERVAL !== undefined ? ["--interval", POLITE_INTERVAL] : [])], dir, `polite-${LARGEST}`);

    // Many hosts: one registry, default politeness.
    const multi: { parallel: string; m: Measured & { report: ZwgkReport } }[] = [];
    let ideal = { ms: NaN, host: "", requests: 0 };
    if (small.length) {
      const registry = join(dir, "units.yaml");
      await writeFile(registry, `units:\n${small.map((s, i) => `  - name: 示例${i + 1}区人民政府\n    roles: [${ROLE}]\n    site: ${smallUrls[i]}\n`).join("")}`);
      for (const parallel of [undefined, ...MULTI_PARALLEL]) {
        log(`zwgk check --units (${small.length} hosts${parallel ? `, --parallel ${parallel}` : ", default --parallel"}) …`);
        const m = await zwgk(server, ["--units", registry, ...(parallel ? ["--parallel", String(parallel)] : [])], dir, `multi-${parallel ?? "default"}`);
        multi.push({ parallel: parallel ? String(parallel) : `${DEFAULT_PARALLEL} (default)`, m });
      }
      // The ideal: every host crawled at once, so the run lasts as long as the host with the
      // most requests needs at one request per interval (interval between starts, whatever the
      // per-host concurrency). Requests per host are counted by the server.
      const perHost = multi[0]!.m.server.perHost;
      for (const [host, n] of Object.entries(perHost)) {
        const ms = (n - 1) * CRAWL_DEFAULTS.intervalMs;
        if (!(ms <= ideal.ms)) ideal = { ms, host, requests: n };
      }
    }

    let profile: { name: string; ms: number; share: number }[] = [];
    if (PROFILE) {
      log(`zwgk check --full-crawl on ${LARGEST} pages under --cpu-prof …`);
      const profDir = join(dir, "profile");
      await zwgk(server, fullCrawlArgs(big.url, LARGEST), dir, "profile", ["--cpu-prof", "--cpu-prof-dir", profDir]);
      const file = (await readdir(profDir)).find((f) => f.endsWith(".cpuprofile"));
      if (file) profile = await topFunctions(join(profDir, file));
    }

    // ---------- report ----------
    const zw = scaling.get(LARGEST)!;
    const pps = (m: Measured) => m.server.uniqueHtml / (m.wallMs / 1000);
    const cpuPer1k = (m: Measured) => (m.cpuS / m.server.uniqueHtml) * 1000;
    const rows: string[][] = [["run", "pages", "requests", "wall s", "crawl s", "pages/s", "CPU s/1k pages", "peak RSS MB", "server CPU s"]];
    // crawl s: zwgk's own crawl phase (report crawl.durationMs); the rest of wall is start-up, follow-up and judging.
    const row = (name: string, m: Measured & { report?: ZwgkReport }) =>
      rows.push([
        name,
        String(m.server.uniqueHtml),
        String(m.server.htmlGets + m.server.otherGets + m.server.heads + m.server.notFound),
        f1(m.wallMs / 1000),
        m.report && m.report.units.length === 1 ? f1(m.report.units[0]!.crawl.durationMs / 1000) : "",
        f1(pps(m)),
        f2(cpuPer1k(m)),
        f1(m.peakRssMB),
        f1((m.server.cpuUserMs + m.server.cpuSystemMs) / 1000),
      ]);
    row(`zwgk --full-crawl ${sizeLabel(LARGEST)}`, zw);
    row(`raw limit ${sizeLabel(LARGEST)}`, raw);
    for (const size of SIZES.slice(0, -1).reverse()) {
      row(`zwgk --full-crawl ${sizeLabel(size)}`, scaling.get(size)!);
      if (rawAt.has(size)) row(`raw limit ${sizeLabel(size)}`, rawAt.get(size)!);
    }
    row(`linkinator 7 --recurse ${sizeLabel(PEER)}`, linkinator);
    if (linkinatorSmall) row(`linkinator 7 --recurse ${sizeLabel(PEER_SMALL!)}`, linkinatorSmall);
    for (const [size, m] of smallHeap) row(`zwgk --full-crawl ${sizeLabel(size)}, small heap`, m);
    row(`zwgk defaults${POLITE_INTERVAL !== undefined ? ` but --interval ${POLITE_INTERVAL}` : ""} ${sizeLabel(LARGEST)}`, polite);
    for (const { parallel, m } of multi) row(`zwgk --units ${small.length} hosts, --parallel ${parallel}`, m);
    const out: string[] = [];
    out.push("");
    out.push(`zwgk ${JSON.parse(await readFile(join(root, "package.json"), "utf8")).version}, node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM (${(freemem() / 2 ** 30).toFixed(1)} free), ${new Date().toISOString()}`);
    out.push(`site: ${big.manifest.pages} pages (${big.manifest.listPages} list, ${big.manifest.detailPages} detail, ${big.manifest.columns} columns, tree of ${big.manifest.treeNodes}), ${big.manifest.meanPageBytes} B mean page, half GBK; concurrency ${CONCURRENCY}; "pages" = distinct HTML pages the server served`);
    out.push("");
    out.push(table(rows));
    out.push(`zwgk/raw compares the ${sizeLabel(LARGEST)} runs; zwgk/linkinator compares zwgk --full-crawl ${sizeLabel(PEER)} with linkinator ${sizeLabel(PEER)} (BENCH_PEER_PAGES)`);
    if (linkinatorSmall) out.push(`at ${sizeLabel(PEER_SMALL!)}, where linkinator does best: zwgk/linkinator ${f2(pps(scaling.get(PEER_SMALL!)!) / pps(linkinatorSmall))} (zwgk's ${f1(scaling.get(PEER_SMALL!)!.wallMs / 1000)} s wall include ${f1((scaling.get(PEER_SMALL!)!.wallMs - scaling.get(PEER_SMALL!)!.report.units[0]!.crawl.durationMs) / 1000)} s outside the crawl: start-up, loading the rulebooks, judging, writing the report)`);
    if (smallHeap.size) {
      const big = smallHeap.get(LARGEST)!;
      const little = smallHeap.get(SMALLEST)!;
      out.push(`small heap (${SMALL_HEAP.join(" ")}): peak RSS ${sizeLabel(LARGEST)} ${f1(big.peakRssMB)} MB, ${sizeLabel(SMALLEST)} ${f1(little.peakRssMB)} MB, ratio ${f2(big.peakRssMB / little.peakRssMB)}; ${f1(pps(big))} pages/s = ${f2(pps(big) / pps(raw))} × raw`);
    }
    out.push("");
    const zr = zw.report.units[0]!;
    out.push(`zwgk full crawl: pagesFetched ${zr.crawl.pagesFetched}, requests ${zr.crawl.requests}, stoppedBy ${zr.crawl.stoppedBy}, crawl ${f1(zr.crawl.durationMs / 1000)} s of ${f1(zw.wallMs / 1000)} s wall; findings ${JSON.stringify(zr.summary)}`);
    const pr = polite.report.units[0]!;
    out.push(`zwgk default settings${POLITE_INTERVAL !== undefined ? ` (--interval ${POLITE_INTERVAL}, which changes only the pace; BENCH_POLITE_INTERVAL=default runs the 500 ms default)` : ""}: requests ${pr.crawl.requests} (server saw ${polite.server.htmlGets + polite.server.otherGets + polite.server.notFound}), pagesFetched ${pr.crawl.pagesFetched}, stoppedBy ${pr.crawl.stoppedBy}, ${f1(polite.wallMs / 1000)} s; findings ${JSON.stringify(pr.summary)}`);
    if (multi.length) {
      out.push(`multi-host ideal: ${f1(ideal.ms / 1000)} s (${ideal.host}: ${ideal.requests} requests × ${CRAWL_DEFAULTS.intervalMs} ms interval); ${multi.map(({ parallel, m }) => `--parallel ${parallel}: ${f1(m.wallMs / 1000)} s = ${f2(m.wallMs / ideal.ms)} × ideal`).join("; ")}`);
    }
    if (profile.length) {
      out.push("");
      out.push(`node --cpu-prof, zwgk --full-crawl ${sizeLabel(LARGEST)}: top self time`);
      out.push(table([["function", "self ms", "share"], ...profile.map((p) => [p.name, String(p.ms), `${(p.share * 100).toFixed(1)}%`])]));
    }
    out.push("");
    const rssLarge = zw.peakRssMB;
    const rssSmall = scaling.get(SMALLEST)!.peakRssMB;
    out.push(`bench: zwgk/raw pages-per-second ${f2(pps(zw) / pps(raw))}`);
    out.push(`bench: zwgk/linkinator pages-per-second ${f2(pps(scaling.get(PEER)!) / pps(linkinator))}`);
    out.push(`bench: peak-rss-${sizeLabel(LARGEST)} MB ${f1(rssLarge)}`);
    out.push(`bench: rss-${sizeLabel(LARGEST)}/rss-${sizeLabel(SMALLEST)} ${f2(rssLarge / rssSmall)}`);
    out.push(`bench: multi-host wall/ideal ${multi.length ? f2(multi[0]!.m.wallMs / ideal.ms) : "—"}`);
    out.push(`bench: requests/site-pages ${(pr.crawl.requests / big.manifest.pages).toFixed(3)}`);
    process.stdout.write(`${out.join("\n")}\n`);

    const results = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      sizes: SIZES,
      manifest: big.manifest,
      runs: Object.fromEntries(rows.slice(1).map((r) => [r[0], r.slice(1)])),
      idealMs: ideal.ms,
      profile,
    };
    await writeFile(join(dir, "results.json"), JSON.stringify(results, null, 2));
    if (KEEP) log(`results in ${join(dir, "results.json")}`);
  } finally {
    server.close();
    if (!KEEP) await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exit(1);
});
