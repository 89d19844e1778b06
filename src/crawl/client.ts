/**
 * The polite HTTP client the crawler talks through: every request waits for its host's
 * slot (hosts.ts), transient failures are retried with jittered exponential backoff, a
 * 429/503 Retry-After holds back the whole host, and every exchange is reported as a
 * RequestLog event for --verbose. Nothing here throws for a network problem.
 */
import type { Dispatcher } from "undici";
import type { ResponseCache } from "./cache.js";
import type { LazyDispatcher } from "./dispatcher.js";
import { fetchUrl, type FetchFailure, type FetchOutcome } from "./fetch.js";
import { hostKey, sleep, type HostScheduler } from "./hosts.js";

export interface ClientOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Extra attempts after the first for timeouts, resets, 5xx and 429. */
  retries: number;
  /** The first backoff; each retry doubles it, with jitter. */
  retryBaseMs: number;
  /** The longest Retry-After obeyed; a server asking for longer is given up on. */
  maxRetryAfterMs: number;
  scheduler: HostScheduler;
  /** A fixed connection layer, or one opened on demand and closed when idle. */
  dispatcher?: Dispatcher | LazyDispatcher;
  cache?: ResponseCache;
  /** Aborted on interrupt or when the time budget runs out. */
  signal?: AbortSignal;
  /** No retry is scheduled to start after this time (the run's time budget). */
  deadline?: number;
  onRequest?: (log: RequestLog) => void;
  /** Random in [0, 1): injectable so backoff can be tested. */
  random?: () => number;
}

export interface RequestLog {
  url: string;
  attempt: number;
  /** HTTP status, when a response came. */
  status?: number;
  /** "200 text/html 12.3 KB", "timeout after 20000 ms" … */
  outcome: string;
  ms: number;
  /** ms until the next attempt, when one follows. */
  retryInMs?: number;
  fromCache?: boolean;
}

export interface GetOptions {
  inScope: (url: string) => boolean;
  wantBody?: (headers: Record<string, string>) => boolean;
  maxBytes?: number;
}

export type ClientOutcome = FetchOutcome & { attempts: number };

/** The most a single backoff waits, however many retries came before. */
const MAX_BACKOFF_MS = 30_000;

export class HttpClient {
  /** HTTP exchanges made (each attempt and each redirect hop). */
  requests = 0;
  retries = 0;
  /** Responses the cache answered after a 304. */
  notModified = 0;

  constructor(readonly options: ClientOptions) {}

  async get(url: string, get: GetOptions): Promise<ClientOutcome> {
    const o = this.options;
    const key = hostKey(url);
    for (let attempt = 1; ; attempt++) {
      let release: (() => void) | undefined;
      try {
        release = await o.scheduler.acquire(key, o.signal);
      } catch {
        return { ok: false, url, reason: "interrupted", kind: "interrupted", retryable: false, hops: 0, attempts: attempt };
      }
      const started = Date.now();
      const lazy = o.dispatcher && "acquire" in o.dispatcher ? o.dispatcher : undefined;
      const dispatcher = lazy ? lazy.acquire() : (o.dispatcher as Dispatcher | undefined);
      let outcome: FetchOutcome;
      try {
        outcome = await fetchUrl(url, {
          timeoutMs: o.timeoutMs,
          maxBytes: get.maxBytes ?? o.maxBytes,
          maxRedirects: o.maxRedirects,
          userAgent: o.userAgent,
          inScope: get.inScope,
          dispatcher,
          signal: o.signal,
          wantBody: get.wantBody,
          cache: o.cache,
        });
      } finally {
        release();
        lazy?.release();
      }
      this.requests += outcome.hops;
      const log: RequestLog = { url, attempt, ms: Date.now() - started, status: outcome.status, outcome: describe(outcome) };
      if (outcome.ok) {
        if (outcome.fromCache) {
          this.notModified++;
          log.fromCache = true;
        }
        o.onRequest?.(log);
        return { ...outcome, attempts: attempt };
      }
      const wait = this.retryWait(outcome, attempt);
      if (wait === null) {
        o.onRequest?.(log);
        return { ...outcome, reason: annotate(outcome, attempt, o.maxRetryAfterMs), attempts: attempt };
      }
      log.retryInMs = wait;
      o.onRequest?.(log);
      if (outcome.retryAfterMs !== undefined) o.scheduler.pushBack(key, Date.now() + wait);
      this.retries++;
      try {
        await sleep(wait, o.signal);
      } catch {
        return { ...outcome, reason: "interrupted", kind: "interrupted", retryable: false, attempts: attempt };
      }
    }
  }

  /** ms to wait before the next attempt, or null when there is none. */
  private retryWait(outcome: FetchFailure, attempt: number): number | null {
    const o = this.options;
    if (!outcome.retryable || attempt > o.retries || o.signal?.aborted) return null;
    let wait: number;
    if (outcome.retryAfterMs !== undefined) {
      if (outcome.retryAfterMs > o.maxRetryAfterMs) return null;
      wait = outcome.retryAfterMs;
    } else {
      // "Equal jitter": half the window fixed, half random, so retries from many
      // crawlers hitting one server do not arrive in lockstep.
      const window = Math.min(MAX_BACKOFF_MS, o.retryBaseMs * 2 ** (attempt - 1));
      wait = Math.round(window / 2 + (o.random ?? Math.random)() * (window / 2));
    }
    if (o.deadline !== undefined && Date.now() + wait >= o.deadline) return null;
    return wait;
  }
}

function annotate(outcome: FetchFailure, attempts: number, maxRetryAfterMs: number): string {
  if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > maxRetryAfterMs) {
    return `${outcome.reason}, Retry-After ${Math.round(outcome.retryAfterMs / 1000)} s is longer than zwgk waits (${maxRetryAfterMs / 1000} s)`;
  }
  return attempts > 1 ? `${outcome.reason} (after ${attempts} attempts)` : outcome.reason;
}

function describe(outcome: FetchOutcome): string {
  if (!outcome.ok) return outcome.reason;
  const type = (outcome.headers["content-type"] ?? "").split(";")[0]!.trim() || "no content-type";
  const size = outcome.bodySkipped ? "body not downloaded" : `${(outcome.body.length / 1024).toFixed(1)} KB${outcome.truncated ? " (truncated)" : ""}`;
  const redirected = outcome.redirects.length ? ` via ${outcome.redirects.length} redirect(s) → ${outcome.finalUrl}` : "";
  return `${outcome.fromCache ? "304 (cached) " : `${outcome.status} `}${type} ${size}${redirected}`;
}
