/**
 * The crawl loop: breadth-first within priority tiers (navigation before lists before
 * anything else), within the site's scope, bounded by --max-pages, --max-depth and the
 * time budget, polite per host (client.ts, hosts.ts, robots.ts). Every page is reduced to
 * its PageFacts as soon as it arrives; failures are recorded with their kind, never thrown.
 * An interrupt or the time budget stops fetching at once and returns what was gathered.
 */
import { EventEmitter, setMaxListeners } from "node:events";
import type { Dispatcher } from "undici";
import { readPageIf, type LinkKind, type PageFacts } from "../site/page.js";
import { detach } from "../site/text.js";
import { SiteModel, type FailedUrl } from "../site/model.js";
import { detectBlock } from "./block.js";
import { ResponseCache } from "./cache.js";
import { HttpClient, type RequestLog } from "./client.js";
import { decodeHtml } from "./decode.js";
import { createDispatcher, LazyDispatcher, proxyFromEnv } from "./dispatcher.js";
import type { FailureKind, FetchOutcome } from "./fetch.js";
import { HostScheduler, hostKey } from "./hosts.js";
import type { CrawlProgress } from "./progress.js";
import { ignoredRobots, robotsPolicy, robotsUrl, type RobotsPolicy, type RobotsStatus } from "./robots.js";
import { canonicalUrl, Scope, TrapGuard, visitKey, type SkipReason } from "./scope.js";
import { SnapshotWriter } from "./snapshot.js";

export interface CrawlOptions {
  maxPages: number;
  timeoutMs: number;
  /** Requests in flight across all hosts. */
  concurrency: number;
  userAgent: string;
  maxBytes: number;
  maxRedirects: number;
  /** Reference day for dates written without a year. */
  referenceDate?: string;
  /** Also fetch item (article) pages, not just navigation and lists. */
  fullCrawl?: boolean;
  signal?: AbortSignal;
  /** Requests in flight to one host (default 2). */
  perHostConcurrency?: number;
  /** Minimum ms between the starts of two requests to one host (default 500). */
  intervalMs?: number;
  /** Extra attempts for timeouts, resets, 5xx and 429 (default 2). */
  retries?: number;
  /** First backoff in ms, doubled per retry with jitter (default 1000). */
  retryBaseMs?: number;
  /** Longest Retry-After obeyed, in ms (default 120000). */
  maxRetryAfterMs?: number;
  /** Whole-crawl time budget in ms, from the start of crawl(). */
  timeBudgetMs?: number;
  /** An absolute end (ms since epoch) shared by several crawls; the earlier of this and the budget wins. */
  deadline?: number;
  /** Do not read robots.txt (the report says so). */
  ignoreRobots?: boolean;
  /** Hosts that belong to the site besides the start host and its www twin. */
  allowHosts?: string[];
  include?: RegExp[];
  exclude?: RegExp[];
  /** Link hops from the start page (default 10). */
  maxDepth?: number;
  /** Accept any TLS certificate (the report says so). */
  insecure?: boolean;
  /** Extra trusted CA certificates (PEM text). */
  ca?: string;
  /** Where the CA came from, for the report. */
  caFile?: string;
  /** Environment for HTTP_PROXY / HTTPS_PROXY / NO_PROXY; proxies are used only when given. */
  env?: Record<string, string | undefined>;
  /** Use this connection layer instead of building one (tests, embedding). */
  dispatcher?: Dispatcher;
  /** Keep responses with their validators here and revalidate them next time. */
  cacheDir?: string;
  /** Keep every fetched page here as evidence (zwgk check --from-snapshot re-reads it). */
  snapshotDir?: string;
}

/** What a caller of check() may set about the crawl; the rest (signal, --as-of) comes from check() itself. */
export type CrawlSettings = Omit<Partial<CrawlOptions>, "signal" | "referenceDate">;

export const CRAWL_DEFAULTS = {
  perHostConcurrency: 2,
  intervalMs: 500,
  retries: 2,
  retryBaseMs: 1000,
  maxRetryAfterMs: 120_000,
  maxDepth: 10,
} as const;

export type StoppedBy = "done" | "max-pages" | "time-budget" | "interrupted" | "start-failed";

export interface CrawlStats {
  pagesFetched: number;
  pagesFailed: number;
  /** HTTP exchanges: every attempt and every redirect hop, robots.txt included. */
  requests: number;
  durationMs: number;
  stoppedBy: StoppedBy;
  /** URLs still queued when the crawl stopped. */
  pagesQueued: number;
}

export interface RobotsSummary {
  url: string;
  status: RobotsStatus;
  detail?: string;
  crawlDelayMs?: number;
  /** URLs not fetched because robots.txt disallows them. */
  disallowed: number;
}

/** What a report needs to say about how the crawl went, beyond the counts. */
export interface CrawlInfo {
  robots: RobotsSummary[];
  /** One line each: --ignore-robots, --insecure, a capped Crawl-delay, truncated pages … */
  notes: string[];
  /** Links not followed, by reason. */
  skipped: Partial<Record<SkipReason | "robots", number>>;
  retries: number;
  /** Responses served from --cache after the server answered 304. */
  notModified: number;
  /** Bodies cut at the size cap. */
  truncated: string[];
  /** Pages whose declared charset was wrong. */
  recoded: number;
  /** Failures by kind (FailureKind). */
  failureCounts: Partial<Record<FailureKind, number>>;
  /** Set when this crawl was replayed from a --snapshot directory. */
  fromSnapshot?: { dir: string; createdAt: string };
}

export interface CrawlResult {
  model: SiteModel;
  stats: CrawlStats;
  startUrl: string;
  /** Why the start page itself could not be fetched, if it could not. */
  startFailure?: string;
  info?: CrawlInfo;
  /**
   * Fetches one more URL after the crawl through the crawl's own client: the same per-host
   * politeness, robots.txt, TLS and proxy settings, cache and snapshot, and block-page
   * detection. The follow-up phase should use it rather than fetchUrl. Offline (a replayed
   * snapshot) it answers from the snapshot. Its requests are not added to `stats`.
   */
  fetch?: (url: string, options?: { inScope?: (url: string) => boolean }) => Promise<FetchOutcome>;
}

export interface CrawlEvents {
  page: [facts: PageFacts];
  failure: [url: string, reason: string];
  request: [log: RequestLog];
  progress: [progress: CrawlProgress];
}

// Header values must be ASCII (Latin-1): no Chinese here.
export const DEFAULT_USER_AGENT = "zwgk/0.1 (+https://github.com/zwgk/zwgk; government website disclosure checker)";

const TIER: Record<LinkKind, number> = { nav: 0, breadcrumb: 0, frame: 1, paging: 2, other: 3, item: 4 };
/** Linked files recorded as documents by their link text and type, never downloaded. */
const DOCUMENT = /\.(pdf|docx?|xlsx?|pptx?|wps|et|dps|ofd|rtf|zip|rar|7z|txt|csv)$/i;
/** Links that are neither pages nor documents. */
const NOT_PAGE = /\.(jpe?g|png|gif|bmp|webp|svg|mp4|mp3|avi|flv|swf|wmv|xml|json|css|js|ico|apk|exe|dmg|iso)$/i;
const PAGE_TYPE = /html|xml|text\/plain/i;
const DOCUMENT_TYPES: [RegExp, string][] = [
  [/pdf/i, "pdf"],
  [/msword|wordprocessingml/i, "doc"],
  [/ms-excel|spreadsheetml/i, "xls"],
  [/ms-powerpoint|presentationml/i, "ppt"],
  [/zip/i, "zip"],
  [/rar/i, "rar"],
  [/ofd/i, "ofd"],
];
/** Truncated and recoded URLs listed in notes before "… and N more". */
const NOTE_LIST = 5;
/**
 * Column pages whose main text the model keeps, so the follow-up finds a rule's required
 * fields (联系电话, 办公时间 …) without fetching the page again: pages reached through menus,
 * trees and breadcrumbs (and the start page), not articles; at most this many, each at most
 * KEPT_TEXT_CHARS long.
 */
const KEPT_TEXTS = 400;
const KEPT_TEXT_CHARS = 50_000;
const TEXT_KEPT_FOR: ReadonlySet<LinkKind> = new Set<LinkKind>(["nav", "breadcrumb", "frame"]);

/** The start host and its www/non-www twin. */
export function sameSite(start: string): (url: string) => boolean {
  return new Scope(start, { maxDepth: Infinity }).inScope;
}

interface Entry {
  url: string;
  text: string;
  kind: LinkKind;
  depth: number;
  /** The page that linked to it. */
  from?: string;
}

export class Crawler extends EventEmitter<CrawlEvents> {
  constructor(private readonly options: CrawlOptions) {
    super();
  }

  async crawl(startUrl: string): Promise<CrawlResult> {
    const o = this.options;
    const started = Date.now();
    const model = new SiteModel();
    const scope = new Scope(startUrl, { allowHosts: o.allowHosts, include: o.include, exclude: o.exclude, maxDepth: o.maxDepth ?? CRAWL_DEFAULTS.maxDepth });
    const traps = new TrapGuard();
    const stats: CrawlStats = { pagesFetched: 0, pagesFailed: 0, requests: 0, durationMs: 0, stoppedBy: "done", pagesQueued: 0 };
    const info: CrawlInfo = { robots: [], notes: [], skipped: {}, retries: 0, notModified: 0, truncated: [], recoded: 0, failureCounts: {} };
    const recoded: string[] = [];
    let startFailure: string | undefined;

    // One signal for "stop now": the caller's interrupt or the time budget, whichever first.
    const stop = new AbortController();
    // Every request in flight listens to it (and lets go when it ends): not a leak.
    setMaxListeners(0, stop.signal);
    let stopReason: StoppedBy | null = null;
    const halt = (why: StoppedBy) => {
      if (stop.signal.aborted) return;
      stopReason = why;
      stop.abort(new Error(why));
    };
    const onAbort = () => halt("interrupted");
    if (o.signal?.aborted) halt("interrupted");
    o.signal?.addEventListener("abort", onAbort, { once: true });
    const deadline = Math.min(o.deadline ?? Infinity, o.timeBudgetMs !== undefined ? started + o.timeBudgetMs : Infinity);
    const budgetTimer = Number.isFinite(deadline) ? setTimeout(() => halt("time-budget"), timerDelay(deadline - started)) : undefined;

    const intervalMs = o.intervalMs ?? CRAWL_DEFAULTS.intervalMs;
    const cache = o.cacheDir ? new ResponseCache(o.cacheDir) : undefined;
    const dispatcher = o.dispatcher ?? new LazyDispatcher(() => createDispatcher({ insecure: o.insecure, ca: o.ca, env: o.env }), intervalMs + 250);
    const scheduler = new HostScheduler({ perHost: o.perHostConcurrency ?? CRAWL_DEFAULTS.perHostConcurrency, intervalMs });
    let lastHost = hostKey(startUrl);
    const client = new HttpClient({
      timeoutMs: o.timeoutMs,
      maxBytes: o.maxBytes,
      maxRedirects: o.maxRedirects,
      userAgent: o.userAgent,
      retries: o.retries ?? CRAWL_DEFAULTS.retries,
      retryBaseMs: o.retryBaseMs ?? CRAWL_DEFAULTS.retryBaseMs,
      maxRetryAfterMs: o.maxRetryAfterMs ?? CRAWL_DEFAULTS.maxRetryAfterMs,
      scheduler,
      dispatcher,
      cache,
      signal: stop.signal,
      deadline: Number.isFinite(deadline) ? deadline : undefined,
      onRequest: (log) => {
        lastHost = hostKey(log.url);
        this.emit("request", log);
      },
    });
    const snapshot = o.snapshotDir ? new SnapshotWriter(o.snapshotDir, startUrl) : undefined;

    if (o.ignoreRobots) info.notes.push("robots.txt ignored (--ignore-robots)");
    if (o.insecure) info.notes.push("TLS certificate verification disabled (--insecure)");
    if (o.caFile) info.notes.push(`extra CA certificates trusted: ${o.caFile} (--ca)`);
    const proxy = proxyFromEnv(o.env);
    if (!o.dispatcher && (proxy.httpProxy || proxy.httpsProxy)) info.notes.push(`requests sent through proxy ${redactProxy(proxy.httpsProxy ?? proxy.httpProxy!)}${proxy.noProxy ? ` (NO_PROXY=${proxy.noProxy})` : ""}`);

    const robotsByOrigin = new Map<string, Promise<RobotsPolicy>>();
    const robotsSummary = new Map<string, RobotsSummary>();
    const robotsToken = o.userAgent.split(/[/\s]/)[0] || "*";
    const robotsFor = (url: string): Promise<RobotsPolicy> => {
      const origin = new URL(url).origin;
      let policy = robotsByOrigin.get(origin);
      if (!policy) {
        policy = (async () => {
          if (o.ignoreRobots) return ignoredRobots(url);
          const where = robotsUrl(url);
          const got = await client.get(where, { inScope: () => true, maxBytes: 512 * 1024 });
          if (got.ok) return robotsPolicy(where, robotsToken, { status: got.status, body: got.body.toString("utf8") });
          // Cut short by an interrupt: nothing was learnt, and nothing more will be fetched.
          if (got.kind === "interrupted") return { url: where, status: "unreachable" as const, interrupted: true, allowed: () => false };
          // RFC 9309: a robots.txt lost in redirects counts as absent, like a 404.
          if (got.kind === "redirect") return robotsPolicy(where, robotsToken, { status: 404 });
          return robotsPolicy(where, robotsToken, { status: got.status, failure: got.reason, failureKind: got.kind });
        })().then((p) => {
          if ("interrupted" in p) return p;
          const hostDown = p.failure?.kind === "tls" || p.failure?.kind === "network";
          robotsSummary.set(origin, { url: p.url, status: p.status, ...(p.detail && !hostDown ? { detail: p.detail } : {}), ...(p.crawlDelayMs ? { crawlDelayMs: p.crawlDelayMs } : {}), disallowed: 0 });
          if (p.crawlDelayMs) scheduler.setInterval(hostKey(url), p.crawlDelayMs);
          return p;
        });
        robotsByOrigin.set(origin, policy);
      }
      return policy;
    };

    const tiers: Entry[][] = [[], [], [], [], []];
    const seen = new Set<string>([visitKey(canonicalUrl(startUrl))]);
    /** Links (as written on pages) already queued, refused or known: see the link loop in visit. */
    const linksDone = new Set<string>();
    let textsKept = 0;
    tiers[0]!.push({ url: startUrl, text: "首页", kind: "nav", depth: 0 });
    const next = () => {
      for (const tier of tiers) if (tier.length) return tier.shift();
      return undefined;
    };
    const queued = () => tiers.reduce((n, t) => n + t.length, 0);
    const skip = (why: SkipReason | "robots") => (info.skipped[why] = (info.skipped[why] ?? 0) + 1);
    const progress = () => this.emit("progress", { fetched: stats.pagesFetched, queued: queued(), failed: stats.pagesFailed, host: lastHost, elapsedMs: Date.now() - started });
    let launched = 0;

    const fail = (entry: Entry, failure: Omit<FailedUrl, "url" | "linkText" | "via">, counted = true) => {
      model.addFailure({ url: entry.url, linkText: entry.text, via: entry.kind, ...failure });
      const kind = (failure.kind ?? "http") as FailureKind;
      info.failureCounts[kind] = (info.failureCounts[kind] ?? 0) + 1;
      if (counted) stats.pagesFailed++;
      if (entry.url === startUrl) startFailure = failure.reason;
      this.emit("failure", entry.url, failure.reason);
      progress();
    };

    const visit = async (entry: Entry) => {
      const isStart = entry.url === startUrl;
      const robots = await robotsFor(entry.url);
      if (stop.signal.aborted) return;
      if (!robots.allowed(entry.url)) {
        launched--; // not a request: it does not count against --max-pages
        // A host that cannot be reached at all (TLS, refused, DNS) fails for that reason, not for robots.txt.
        if (robots.failure && (robots.failure.kind === "tls" || robots.failure.kind === "network")) {
          fail(entry, { reason: robots.failure.reason, kind: robots.failure.kind });
          return;
        }
        skip("robots");
        const summary = robotsSummary.get(new URL(entry.url).origin);
        if (summary) summary.disallowed++;
        const why = robots.status === "unreachable" ? robots.detail ?? "robots.txt could not be fetched" : `disallowed by ${robots.url}`;
        fail(entry, { reason: why, kind: "robots" }, false);
        return;
      }
      const outcome = await client.get(entry.url, {
        // The start page may move the site (old domain → new); every later hop is re-checked.
        inScope: isStart ? () => true : scope.inScope,
        wantBody: (headers) => !headers["content-type"] || PAGE_TYPE.test(headers["content-type"]) || /octet-stream/i.test(headers["content-type"]),
      });
      if (!outcome.ok) {
        if (outcome.kind === "interrupted") return;
        let { reason, kind } = outcome;
        if (outcome.status !== undefined && outcome.body) {
          const block = detectBlock(outcome.status, outcome.headers ?? {}, decodeHtml(outcome.body, outcome.headers?.["content-type"]).text);
          if (block) ({ reason, kind } = { reason: outcome.attempts > 1 ? `${block.reason} (after ${outcome.attempts} attempts)` : block.reason, kind: block.kind });
        }
        fail(entry, { reason, kind, ...(outcome.status ? { status: outcome.status } : {}) });
        return;
      }
      if (isStart && !scope.inScope(outcome.finalUrl)) {
        scope.addSite(outcome.finalUrl);
        info.notes.push(`the start page redirects to ${new URL(outcome.finalUrl).host}; that host is crawled as the site`);
      }
      const type = outcome.headers["content-type"] ?? "";
      if (outcome.bodySkipped || (/octet-stream/i.test(type) && !looksLikeMarkup(outcome.body))) {
        // A document behind an extensionless link (download.jsp?id=…): recorded, not downloaded.
        launched--;
        model.addDocument({ url: outcome.finalUrl, text: entry.text, type: documentType(outcome.finalUrl, type), foundOn: entry.from ?? startUrl });
        return;
      }
      const decoded = decodeHtml(outcome.body, type);
      const block = detectBlock(outcome.status, outcome.headers, decoded.text);
      if (block) {
        fail(entry, { reason: block.reason, kind: block.kind, status: outcome.status });
        return;
      }
      if (decoded.correctedFrom) {
        info.recoded++;
        if (recoded.length < NOTE_LIST) recoded.push(`${outcome.finalUrl} (declared ${decoded.correctedFrom}, read as ${decoded.encoding})`);
      }
      if (outcome.truncated) info.truncated.push(outcome.finalUrl);
      const keepText = (entry.depth === 0 || TEXT_KEPT_FOR.has(entry.kind)) && textsKept < KEPT_TEXTS;
      const { facts, mainText } = readPageIf(decoded.text, outcome.finalUrl, { referenceDate: o.referenceDate }, (f) => keepText && f.kind !== "detail");
      stats.pagesFetched++;
      model.addPage(facts);
      model.addRedirect(entry.url, outcome.finalUrl);
      if (mainText !== undefined && mainText.length <= KEPT_TEXT_CHARS) {
        model.addText(facts.url, mainText);
        textsKept++;
      }
      snapshot?.addPage({
        url: entry.url,
        finalUrl: outcome.finalUrl,
        status: outcome.status,
        headers: outcome.headers,
        fetchedAt: new Date().toISOString(),
        encoding: decoded.encoding,
        ...(decoded.correctedFrom ? { correctedFrom: decoded.correctedFrom } : {}),
        truncated: outcome.truncated,
        hops: outcome.hops,
        body: decoded.text,
      });
      this.emit("page", facts);
      for (const link of facts.links) {
        // The same menu links come on every page; once one was queued or refused, it is done.
        if (linksDone.has(link.url)) continue;
        let url: string;
        try {
          url = canonicalUrl(link.url);
        } catch {
          continue;
        }
        const path = new URL(url).pathname;
        if (DOCUMENT.test(path)) {
          model.addDocument({ url, text: detach(link.text), type: path.slice(path.lastIndexOf(".") + 1).toLowerCase(), foundOn: facts.url });
          continue;
        }
        if (NOT_PAGE.test(path) || (link.kind === "item" && !o.fullCrawl)) continue;
        // The canonical URL is usually the link's own: keep one string for both sets, not two.
        linksDone.add(url === link.url ? url : link.url);
        if (seen.has(visitKey(url))) continue;
        seen.add(visitKey(url));
        const refused = scope.admit(url, entry.depth + 1);
        if (refused) {
          if (refused !== "out-of-scope") skip(refused);
          continue;
        }
        if (traps.check(url)) {
          skip("trap");
          continue;
        }
        tiers[TIER[link.kind]]!.push({ url, text: detach(link.text), kind: link.kind, depth: entry.depth + 1, from: facts.url });
      }
      progress();
    };

    const inFlight = new Set<Promise<void>>();
    try {
      while (!stop.signal.aborted) {
        while (inFlight.size < o.concurrency && launched < o.maxPages && !stop.signal.aborted) {
          const entry = next();
          if (!entry) break;
          launched++;
          // One page zwgk cannot digest must not cost the pages already gathered.
          const p: Promise<void> = visit(entry)
            .catch((error: unknown) => fail(entry, { reason: `could not read the page: ${(error as Error)?.message ?? String(error)}`.replace(/\s+/g, " "), kind: "unreadable" }))
            .finally(() => inFlight.delete(p));
          inFlight.add(p);
          // The start page decides the site's scope and whether there is a site at all.
          if (launched === 1) await p;
        }
        if (!inFlight.size) break;
        await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    } finally {
      clearTimeout(budgetTimer);
      o.signal?.removeEventListener("abort", onAbort);
      // Interrupted: drop the connections now. Done: let them idle out (the follow-up may reuse them).
      if (dispatcher instanceof LazyDispatcher && stop.signal.aborted) await dispatcher.close(true);
    }

    stats.requests = client.requests;
    stats.pagesQueued = queued();
    if (stopReason) stats.stoppedBy = stopReason;
    else if (stats.pagesQueued > 0 && launched >= o.maxPages) stats.stoppedBy = "max-pages";
    if (startFailure && !model.pages.size) stats.stoppedBy = "start-failed";
    stats.durationMs = Date.now() - started;

    if (cache?.writeError) info.notes.push(`--cache ${o.cacheDir} could not be written (${cache.writeError}); the crawl went on without it`);
    info.retries = client.retries;
    info.notModified = client.notModified;
    info.robots = [...robotsSummary.values()];
    for (const r of info.robots) if (r.detail && !info.notes.includes(r.detail) && r.status !== "ignored") info.notes.push(r.detail);
    if (stopReason === "time-budget") {
      const when = deadline <= started ? "before this crawl began" : `after ${Math.round((deadline - started) / 1000)} s of crawling`;
      info.notes.push(`time budget (--time-budget) ran out ${when}; ${stats.pagesQueued} page(s) left unvisited`);
    }
    if (info.truncated.length) info.notes.push(`${info.truncated.length} page(s) cut at the ${formatBytes(o.maxBytes)} body limit: ${listSome(info.truncated)}`);
    if (info.recoded) info.notes.push(`${info.recoded} page(s) declared the wrong charset and were decoded again: ${listSome(recoded, info.recoded)}`);
    const trapped = Object.entries(traps.refused).filter(([, n]) => n > 0);
    if (trapped.length) info.notes.push(`trap guards refused ${trapped.map(([k, n]) => `${n} ${k === "query" ? "query-string variant" : k === "calendar" ? "calendar-chain" : "runaway-path"} URL(s)`).join(", ")}`);
    if (info.skipped.depth) info.notes.push(`${info.skipped.depth} link(s) deeper than --max-depth ${o.maxDepth ?? CRAWL_DEFAULTS.maxDepth} not followed`);

    // After the crawl, the budget and the caller's interrupt still stop follow-up requests.
    const after = new AbortController();
    setMaxListeners(0, after.signal);
    const stopAfter = () => after.abort(new Error("interrupted"));
    if (stop.signal.aborted || o.signal?.aborted) stopAfter();
    o.signal?.addEventListener("abort", stopAfter, { once: true });
    const remaining = Number.isFinite(deadline) ? deadline - Date.now() : Infinity;
    const afterClient = new HttpClient({
      ...client.options,
      signal: after.signal,
      onRequest: (log) => {
        // The report's counts cover the follow-up too (its requests it counts itself).
        if (log.fromCache) info.notModified++;
        if (log.retryInMs !== undefined) info.retries++;
        this.emit("request", log);
      },
    });
    if (Number.isFinite(remaining)) setTimeout(stopAfter, timerDelay(remaining)).unref();
    const fetchMore = async (url: string, more: { inScope?: (url: string) => boolean } = {}): Promise<FetchOutcome> => {
      const robots = await robotsFor(url).catch(() => ignoredRobots(url));
      if (!robots.allowed(url)) return { ok: false, url, reason: robots.status === "unreachable" ? robots.detail ?? "robots.txt could not be fetched" : `disallowed by ${robots.url}`, kind: "robots", retryable: false, hops: 0 };
      const outcome = await afterClient.get(url, { inScope: more.inScope ?? (() => true) });
      if (!outcome.ok) {
        if (outcome.kind !== "interrupted") snapshot?.addExtraFailure({ url, reason: outcome.reason, kind: outcome.kind, ...(outcome.status ? { status: outcome.status } : {}), hops: outcome.hops });
        return outcome;
      }
      const type = outcome.headers["content-type"] ?? "";
      if (type && !PAGE_TYPE.test(type)) return outcome;
      const decoded = decodeHtml(outcome.body, type);
      const block = detectBlock(outcome.status, outcome.headers, decoded.text);
      if (block) {
        snapshot?.addExtraFailure({ url, reason: block.reason, kind: block.kind, status: outcome.status, hops: outcome.hops });
        return { ok: false, url, status: outcome.status, reason: block.reason, kind: block.kind, retryable: false, hops: outcome.hops };
      }
      snapshot?.addExtra({ url, finalUrl: outcome.finalUrl, status: outcome.status, headers: outcome.headers, fetchedAt: new Date().toISOString(), encoding: decoded.encoding, ...(decoded.correctedFrom ? { correctedFrom: decoded.correctedFrom } : {}), truncated: outcome.truncated, hops: outcome.hops, body: decoded.text });
      return outcome;
    };

    const result: CrawlResult = { model, stats, startUrl, ...(startFailure && !model.pages.size ? { startFailure } : {}), info, fetch: fetchMore };
    if (snapshot) await snapshot.finish(result, o.referenceDate);
    progress();
    return result;
  }
}

/** setTimeout fires at once for delays past 2^31 ms; a budget of weeks is "no budget" in practice. */
function timerDelay(ms: number): number {
  return Math.min(Math.max(0, ms), 2 ** 31 - 1);
}

/** Servers label pages application/octet-stream often enough that the body decides. */
function looksLikeMarkup(body: Buffer): boolean {
  return /^\s*(\ufeff)?</.test(body.subarray(0, 512).toString("latin1").replace(/^\xef\xbb\xbf/, ""));
}

function documentType(url: string, contentType: string): string {
  const byType = DOCUMENT_TYPES.find(([re]) => re.test(contentType))?.[1];
  if (byType) return byType;
  const ext = /\.([a-z0-9]{2,5})$/i.exec(new URL(url).pathname)?.[1];
  return ext?.toLowerCase() ?? (contentType.split(";")[0]!.trim() || "unknown");
}

function listSome(urls: string[], total = urls.length): string {
  return urls.slice(0, NOTE_LIST).join(", ") + (total > NOTE_LIST ? ` … and ${total - NOTE_LIST} more` : "");
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}

function redactProxy(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.href;
  } catch {
    return url;
  }
}
