/**
 * The crawler's command-line options (docs/crawling.md): politeness, limits, scope, TLS,
 * cache and snapshots, progress. Kept apart from commands/check.ts so the check command
 * gains them with one line, and so the progress line and --verbose log — the only parts
 * that look at whether a stream is a terminal — live in the CLI, not the library.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Option, type Command } from "commander";
import type { CheckOptions } from "../check/index.js";
import type { Dispatcher } from "undici";
import { CRAWL_DEFAULTS, DEFAULT_USER_AGENT, type CrawlSettings } from "../crawl/crawler.js";
import { createDispatcher } from "../crawl/dispatcher.js";
import { formatRequestLog, ProgressLine } from "../crawl/progress.js";
import { UsageError } from "../errors.js";
import { collect, type CliIO } from "./io.js";

export interface CrawlCliOptions extends ConnectionCliOptions {
  perHostConcurrency?: number;
  interval?: number;
  retries?: number;
  timeBudget?: number;
  maxBody?: number;
  maxDepth?: number;
  ignoreRobots?: boolean;
  allowHost?: string[];
  include?: string[];
  exclude?: string[];
  cache?: string;
  snapshot?: string;
  fromSnapshot?: string;
  verbose?: boolean;
  quiet?: boolean;
}

export const DEFAULT_MAX_BODY = 5 * 1024 * 1024;

export interface ConnectionCliOptions {
  userAgent?: string;
  insecure?: boolean;
  ca?: string;
}

/**
 * Adds how zwgk reaches a site to a command: the User-Agent and TLS trust. Every command that
 * fetches (check, inspect, probe) takes them, and all honour HTTP(S)_PROXY / NO_PROXY, so a
 * page that `check` reached can be looked at with `inspect` the same way.
 */
export function addConnectionOptions(command: Command): Command {
  return command
    .option("--user-agent <ua>", "the User-Agent header (ASCII); robots.txt is read for its first word", asciiHeader, DEFAULT_USER_AGENT)
    .option("--insecure", "accept expired, self-signed or mismatched TLS certificates (a check's report says so)")
    .option("--ca <file>", "also trust the CA certificate(s) in this PEM file");
}

/**
 * The connection a one-off fetch (inspect, probe) goes through: TLS trust and the proxy from
 * the environment, as check's crawl has them. `close` releases its sockets.
 */
export async function connectionFrom(opts: ConnectionCliOptions, io: CliIO): Promise<{ dispatcher: Dispatcher; userAgent: string; close(): Promise<void> }> {
  const ca = opts.ca ? await readCa(resolve(io.cwd, opts.ca), opts.ca) : undefined;
  const dispatcher = createDispatcher({ insecure: opts.insecure === true, ...(ca ? { ca } : {}), env: io.env });
  return { dispatcher, userAgent: opts.userAgent ?? DEFAULT_USER_AGENT, close: () => dispatcher.close().catch(() => undefined) };
}

/** Adds the crawl options to a command (check). */
export function addCrawlOptions(command: Command): Command {
  return addConnectionOptions(command)
    .option("--per-host-concurrency <n>", "requests in flight to one host", wholeNumber("--per-host-concurrency", 1), CRAWL_DEFAULTS.perHostConcurrency)
    .option("--interval <ms>", "minimum milliseconds between two requests to one host (robots.txt Crawl-delay can raise it)", wholeNumber("--interval", 0), CRAWL_DEFAULTS.intervalMs)
    .option("--retries <n>", "extra attempts after a timeout, connection reset, 5xx or 429", wholeNumber("--retries", 0), CRAWL_DEFAULTS.retries)
    .option("--time-budget <duration>", "stop crawling after this long, e.g. 90s, 10m, 1h (findings not reached become unreachable)", duration)
    .addOption(new Option("--max-body <size>", "largest body read per page, e.g. 5MB, 512KB; longer pages are cut and the report says so").argParser(byteSize).default(DEFAULT_MAX_BODY, "5MB"))
    .option("--max-depth <n>", "link hops from the start page", wholeNumber("--max-depth", 0), CRAWL_DEFAULTS.maxDepth)
    .option("--ignore-robots", "do not read robots.txt (the report says so)")
    .addOption(new Option("--allow-host <host>", "another host that belongs to the site (repeatable)").argParser(collect).default([], "the start host and its www twin"))
    .addOption(new Option("--include <regex>", "only follow URLs matching this regular expression (repeatable)").argParser(append).default([], "all"))
    .addOption(new Option("--exclude <regex>", "never follow URLs matching this regular expression (repeatable)").argParser(append).default([], "none"))
    .option("--cache <dir>", "keep responses here and revalidate them next run (ETag / Last-Modified)")
    .option("--snapshot <dir>", "keep every fetched page here as evidence (re-check later with --from-snapshot)")
    .option("--from-snapshot <dir>", "re-check a --snapshot directory offline, without the network")
    .option("-v, --verbose", "log every request to stderr");
}

/** CLI options → check() options, reading the --ca file and compiling the patterns. */
export async function crawlSettingsFrom(opts: CrawlCliOptions, io: CliIO): Promise<Pick<CheckOptions, "crawl" | "fromSnapshot" | "onRequest" | "onProgress"> & { done(): void }> {
  const crawl: CrawlSettings = {
    perHostConcurrency: opts.perHostConcurrency,
    intervalMs: opts.interval,
    retries: opts.retries,
    maxDepth: opts.maxDepth,
    userAgent: opts.userAgent,
    ignoreRobots: opts.ignoreRobots === true,
    insecure: opts.insecure === true,
    env: io.env,
    ...(opts.maxBody !== undefined ? { maxBytes: opts.maxBody } : {}),
    // One deadline for the whole run: with --units every unit's crawl shares it.
    ...(opts.timeBudget !== undefined ? { deadline: Date.now() + opts.timeBudget } : {}),
    ...(opts.allowHost?.length ? { allowHosts: opts.allowHost } : {}),
    ...(opts.include?.length ? { include: opts.include.map((p) => pattern("--include", p)) } : {}),
    ...(opts.exclude?.length ? { exclude: opts.exclude.map((p) => pattern("--exclude", p)) } : {}),
    ...(opts.cache ? { cacheDir: resolve(io.cwd, opts.cache) } : {}),
    ...(opts.snapshot ? { snapshotDir: resolve(io.cwd, opts.snapshot) } : {}),
  };
  if (opts.ca) {
    crawl.ca = await readCa(resolve(io.cwd, opts.ca), opts.ca);
    crawl.caFile = opts.ca;
  }
  if (opts.fromSnapshot && opts.snapshot) throw new UsageError("--snapshot and --from-snapshot do not go together: one takes a snapshot, the other re-checks one");
  // A progress line only where a person watches: both streams on a terminal, and not --quiet.
  const progress = !opts.quiet && !opts.verbose && io.stdout.isTTY === true && io.stderr.isTTY === true ? new ProgressLine(io.stderr) : undefined;
  return {
    crawl,
    ...(opts.fromSnapshot ? { fromSnapshot: resolve(io.cwd, opts.fromSnapshot) } : {}),
    ...(opts.verbose ? { onRequest: (log) => void io.stderr.write(`zwgk: ${formatRequestLog(log)}\n`) } : {}),
    ...(progress ? { onProgress: (p) => progress.update(p) } : {}),
    done: () => progress?.done(),
  };
}

async function readCa(file: string, shown: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read --ca ${shown}: ${code === "ENOENT" ? "no such file" : (e as Error).message}; give a PEM file of CA certificates`);
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new UsageError(`--ca ${shown} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" line)`);
  return pem;
}

function wholeNumber(flag: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} takes a whole number of ${min} or more, not "${value}"`);
    return n;
  };
}

/** 90s, 10m, 1h, 1h30m, 500ms, or plain milliseconds → ms. */
export function duration(value: string): number {
  const v = value.trim().toLowerCase();
  if (/^\d+$/.test(v)) return Number(v);
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = v;
  const part = /^(\d+(?:\.\d+)?)(ms|s|min|m|h)/;
  while (rest) {
    const m = part.exec(rest);
    if (!m) throw new UsageError(`--time-budget takes a duration such as 90s, 10m or 1h, not "${value}"`);
    total += Number(m[1]) * units[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  if (total <= 0) throw new UsageError(`--time-budget must be longer than zero, not "${value}"`);
  return Math.round(total);
}

/** 5MB, 512KB, 1.5M, or plain bytes → bytes. */
export function byteSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(value.trim());
  const scale: Record<string, number> = { b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };
  const bytes = m ? Math.floor(Number(m[1]) * scale[(m[2] ?? "b").toLowerCase()]!) : NaN;
  if (!m || !(bytes >= 1024)) throw new UsageError(`--max-body takes a size of at least 1KB such as 5MB or 512KB, not "${value}"`);
  return bytes;
}

function asciiHeader(value: string): string {
  // HTTP header values are Latin-1 on the wire; a Chinese UA would be mangled or rejected.
  if (!value.trim() || /[^\x20-\x7e]/.test(value)) throw new UsageError(`--user-agent must be printable ASCII (put Chinese names in the project URL instead), not "${value}"`);
  return value.trim();
}

function append(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function pattern(flag: string, source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (e) {
    throw new UsageError(`${flag} "${source}" is not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, "")}`);
  }
}
