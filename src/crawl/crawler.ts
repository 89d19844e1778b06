/**
 * The crawl loop: breadth-first within priority tiers (navigation before lists before
 * anything else), same site only, bounded by --max-pages. Every page is reduced to its
 * PageFacts as soon as it arrives; failures are recorded, never thrown.
 */
import { EventEmitter } from "node:events";
import { extractPage, type LinkKind, type PageFacts } from "../site/page.js";
import { SiteModel } from "../site/model.js";
import { decodeHtml } from "./decode.js";
import { fetchUrl, type FetchOptions } from "./fetch.js";

export interface CrawlOptions {
  maxPages: number;
  timeoutMs: number;
  concurrency: number;
  userAgent: string;
  maxBytes: number;
  maxRedirects: number;
  /** Reference day for dates written without a year. */
  referenceDate?: string;
  /** Also fetch item (article) pages, not just navigation and lists. */
  fullCrawl?: boolean;
  signal?: AbortSignal;
}

export type StoppedBy = "done" | "max-pages" | "interrupted" | "start-failed";

export interface CrawlStats {
  pagesFetched: number;
  pagesFailed: number;
  requests: number;
  durationMs: number;
  stoppedBy: StoppedBy;
  /** URLs still queued when the crawl stopped. */
  pagesQueued: number;
}

export interface CrawlResult {
  model: SiteModel;
  stats: CrawlStats;
  startUrl: string;
  /** Why the start page itself could not be fetched, if it could not. */
  startFailure?: string;
}

export interface CrawlEvents {
  page: [facts: PageFacts];
  failure: [url: string, reason: string];
}

// Header values must be ASCII (Latin-1): no Chinese here.
export const DEFAULT_USER_AGENT = "zwgk/0.1 (+https://github.com/zwgk/zwgk; government website disclosure checker)";

const TIER: Record<LinkKind, number> = { nav: 0, breadcrumb: 0, frame: 1, paging: 2, other: 3, item: 4 };
const NOT_HTML = /\.(pdf|docx?|xlsx?|pptx?|wps|et|zip|rar|7z|jpe?g|png|gif|bmp|mp4|mp3|avi|flv|swf|txt|xml|json|css|js|ico|apk|exe)$/i;

/** The start host and its www/non-www twin. */
export function sameSite(start: string): (url: string) => boolean {
  const host = new URL(start).hostname.replace(/^www\./, "");
  return (url: string) => {
    try {
      const u = new URL(url);
      return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.replace(/^www\./, "") === host;
    } catch {
      return false;
    }
  };
}

export class Crawler extends EventEmitter<CrawlEvents> {
  constructor(private readonly options: CrawlOptions) {
    super();
  }

  async crawl(startUrl: string): Promise<CrawlResult> {
    const started = Date.now();
    const model = new SiteModel();
    const inScope = sameSite(startUrl);
    const fetchOptions: FetchOptions = {
      timeoutMs: this.options.timeoutMs,
      maxBytes: this.options.maxBytes,
      maxRedirects: this.options.maxRedirects,
      userAgent: this.options.userAgent,
      inScope,
      signal: this.options.signal,
    };
    const tiers: { url: string; text: string }[][] = [[], [], [], [], []];
    const seen = new Set<string>([startUrl]);
    tiers[0]!.push({ url: startUrl, text: "首页" });
    const stats: CrawlStats = { pagesFetched: 0, pagesFailed: 0, requests: 0, durationMs: 0, stoppedBy: "done", pagesQueued: 0 };
    let startFailure: string | undefined;

    const next = () => {
      for (const tier of tiers) if (tier.length) return tier.shift();
      return undefined;
    };
    const queued = () => tiers.reduce((n, t) => n + t.length, 0);

    const visit = async (entry: { url: string; text: string }) => {
      stats.requests++;
      const outcome = await fetchUrl(entry.url, fetchOptions);
      if (!outcome.ok) {
        stats.pagesFailed++;
        model.addFailure({ url: entry.url, reason: outcome.reason, status: outcome.status, linkText: entry.text });
        if (entry.url === startUrl) startFailure = outcome.reason;
        this.emit("failure", entry.url, outcome.reason);
        return;
      }
      stats.requests += outcome.redirects.length;
      const type = outcome.headers["content-type"] ?? "";
      if (type && !/html|xml|text\/plain/i.test(type)) return; // a document, not a page
      const decoded = decodeHtml(outcome.body, type);
      const facts = extractPage(decoded.text, outcome.finalUrl, { referenceDate: this.options.referenceDate });
      stats.pagesFetched++;
      model.addPage(facts);
      model.addRedirect(entry.url, outcome.finalUrl);
      this.emit("page", facts);
      for (const link of facts.links) {
        if (link.kind === "item" && !this.options.fullCrawl) continue;
        if (seen.has(link.url) || !inScope(link.url) || NOT_HTML.test(new URL(link.url).pathname)) continue;
        seen.add(link.url);
        tiers[TIER[link.kind]]!.push({ url: link.url, text: link.text });
      }
    };

    const inFlight = new Set<Promise<void>>();
    let launched = 0;
    while (true) {
      if (this.options.signal?.aborted) {
        stats.stoppedBy = "interrupted";
        break;
      }
      while (inFlight.size < this.options.concurrency && launched < this.options.maxPages) {
        const entry = next();
        if (!entry) break;
        launched++;
        const p: Promise<void> = visit(entry).finally(() => inFlight.delete(p));
        inFlight.add(p);
        // The start page decides the site's scope and whether there is a site at all.
        if (launched === 1) await p;
      }
      if (!inFlight.size) break;
      await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    stats.pagesQueued = queued();
    if (stats.stoppedBy === "done" && stats.pagesQueued > 0 && launched >= this.options.maxPages) stats.stoppedBy = "max-pages";
    if (startFailure) stats.stoppedBy = "start-failed";
    stats.durationMs = Date.now() - started;
    return { model, stats, startUrl, startFailure };
  }
}
