/**
 * One HTTP GET with the limits a crawler of government sites needs: a timeout that covers
 * the whole exchange, a body size cap, redirects followed by hand (so scope is re-checked
 * on every hop), compressed bodies, conditional requests against a cache. Network failures
 * are returned as data, never thrown; retries and politeness live one level up (client.ts).
 */
import { request, type Dispatcher } from "undici";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Readable } from "node:stream";
import type { ResponseCache } from "./cache.js";

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Whether a redirect target may be followed (scope re-check on every hop). */
  inScope: (url: string) => boolean;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
  /**
   * Whether to read the body of a 2xx response, given its headers. Documents (PDF, DOC …)
   * are recorded from their headers; their bodies are never downloaded.
   */
  wantBody?: (headers: Record<string, string>) => boolean;
  /** Stored responses to revalidate with If-None-Match / If-Modified-Since. */
  cache?: ResponseCache;
}

/**
 * Why a URL could not be fetched, as a category the report counts and the evaluator reads:
 * a column behind a WAF is `unreachable`, never `missing`.
 */
export type FailureKind =
  | "http" // 404, 410 … : the server answered, the page is not there
  | "forbidden" // 403: access denied, often a WAF or an IP block
  | "challenge" // 412 or a script page that sets a cookie and reloads: an anti-bot challenge
  | "waf" // a 200 page that is a firewall's block notice
  | "rate-limited" // 429 after every retry
  | "server-error" // 5xx after every retry
  | "timeout"
  | "network" // reset, refused, DNS
  | "tls"
  | "redirect" // loop, too many, out of scope, invalid target
  | "robots" // disallowed by robots.txt: not requested at all
  | "unreadable" // fetched, but zwgk could not make sense of it (a bug or a pathological page)
  | "interrupted"; // Ctrl-C or the time budget: not a property of the site

export const FAILURE_KINDS: readonly FailureKind[] = ["http", "forbidden", "challenge", "waf", "rate-limited", "server-error", "timeout", "network", "tls", "redirect", "robots", "unreadable", "interrupted"];

export interface FetchSuccess {
  ok: true;
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
  redirects: string[];
  /** HTTP exchanges made, redirects included. */
  hops: number;
  /** The body was not read: the response is not a page (wantBody said no). */
  bodySkipped?: boolean;
  /** The server answered 304: the body is the cached one. */
  fromCache?: boolean;
}

export interface FetchFailure {
  ok: false;
  url: string;
  status?: number;
  /** One line, for the report: "HTTP 404", "timeout after 20000 ms", "redirect loop" … */
  reason: string;
  kind: FailureKind;
  /** Worth another attempt: timeouts, resets, 5xx, 429. */
  retryable: boolean;
  /** Retry-After of a 429/503, in ms from now. */
  retryAfterMs?: number;
  headers?: Record<string, string>;
  /** The first bytes of an error page, to recognise WAF and challenge pages. */
  body?: Buffer;
  hops: number;
}

export type FetchOutcome = FetchSuccess | FetchFailure;

/** Enough of an error page to tell a WAF notice from a plain 403. */
const ERROR_BODY_BYTES = 64 * 1024;

export async function fetchUrl(url: string, options: FetchOptions): Promise<FetchOutcome> {
  const redirects: string[] = [];
  let current = url;
  for (let hop = 0; ; hop++) {
    const hops = hop + 1;
    if (options.signal?.aborted) return { ok: false, url, reason: "interrupted", kind: "interrupted", retryable: false, hops: hop };
    let response: Dispatcher.ResponseData;
    const timeout = hopSignal(options.timeoutMs, options.signal);
    const signal = timeout.signal;
    try {
      const cached = await options.cache?.get(current);
      const headers: Record<string, string> = {
        "user-agent": options.userAgent,
        accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        "accept-encoding": "gzip, deflate, br",
        "accept-language": "zh-CN,zh;q=0.9",
      };
      if (cached?.etag) headers["if-none-match"] = cached.etag;
      if (cached?.lastModified) headers["if-modified-since"] = cached.lastModified;
      try {
        response = await request(current, { method: "GET", headers, signal, dispatcher: options.dispatcher });
      } catch (error) {
        return { ok: false, url, hops, ...networkFailure(error, timeout.timedOut(), options) };
      }
      const { statusCode } = response;
      const flat = flattenHeaders(response.headers);
      if (statusCode === 304 && cached) {
        response.body.resume();
        return { ok: true, url, finalUrl: current, status: cached.status, headers: { ...cached.headers, ...flat }, body: cached.body, truncated: false, redirects, hops, fromCache: true };
      }
      if (statusCode >= 300 && statusCode < 400 && statusCode !== 304) {
        response.body.resume();
        if (!flat.location) return { ok: false, url, status: statusCode, reason: `HTTP ${statusCode} without a Location header`, kind: "redirect", retryable: false, hops };
        const next = safeResolve(flat.location, current);
        const fail = (reason: string): FetchFailure => ({ ok: false, url, status: statusCode, reason, kind: "redirect", retryable: false, hops });
        if (!next) return fail(`redirect to an invalid location "${flat.location}"`);
        if (next === current || redirects.includes(next) || next === url) return fail(`redirect loop at ${next}`);
        if (hop + 1 > options.maxRedirects) return fail(`more than ${options.maxRedirects} redirects`);
        if (!options.inScope(next)) return fail(`redirects out of scope to ${next}`);
        redirects.push(next);
        current = next;
        continue;
      }
      if (statusCode >= 400 || statusCode === 304) {
        const body = await readBody(response.body, flat["content-encoding"], ERROR_BODY_BYTES).then(
          (r) => r.body,
          () => undefined,
        );
        return { ok: false, url, status: statusCode, headers: flat, body, hops, ...httpFailure(statusCode, flat) };
      }
      if (options.wantBody && !options.wantBody(flat)) {
        discard(response.body);
        return { ok: true, url, finalUrl: current, status: statusCode, headers: flat, body: Buffer.alloc(0), truncated: false, redirects, hops, bodySkipped: true };
      }
      try {
        const { body, truncated } = await readBody(response.body, flat["content-encoding"], options.maxBytes);
        if (options.cache && !truncated && statusCode === 200 && (flat.etag || flat["last-modified"])) {
          // The cache saves work; a full disk must not cost the page.
          await options.cache.put(current, { status: statusCode, headers: flat, body }).catch((e: unknown) => options.cache!.noteError(e));
        }
        return { ok: true, url, finalUrl: current, status: statusCode, headers: flat, body, truncated, redirects, hops };
      } catch (error) {
        return { ok: false, url, status: statusCode, hops, ...networkFailure(error, timeout.timedOut(), options) };
      }
    } finally {
      timeout.done();
    }
  }
}

/**
 * One hop's abort signal: its own timeout, or the caller's signal (the crawl's stop). Both
 * are let go when the hop ends. AbortSignal.timeout() keeps its timer for the whole timeout
 * and AbortSignal.any() stays tied to the long-lived crawl signal (nodejs/node#55351): in the
 * bench, that kept every request's objects alive into the old generation.
 */
function hopSignal(timeoutMs: number, outer?: AbortSignal): { signal: AbortSignal; timedOut: () => boolean; done: () => void } {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`timeout after ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  const onAbort = () => controller.abort(outer!.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done: () => {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onAbort);
    },
  };
}

function httpFailure(status: number, headers: Record<string, string>): Pick<FetchFailure, "reason" | "kind" | "retryable" | "retryAfterMs"> {
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(headers["retry-after"]) : undefined;
  if (status === 403) return { reason: "HTTP 403 Forbidden (access denied: a WAF or an IP block)", kind: "forbidden", retryable: false };
  if (status === 412) return { reason: "HTTP 412 (anti-bot challenge)", kind: "challenge", retryable: false };
  if (status === 429) return { reason: "HTTP 429 Too Many Requests", kind: "rate-limited", retryable: true, retryAfterMs };
  // 501 and 505 say "never", the other 5xx say "not now".
  if (status >= 500) return { reason: `HTTP ${status}`, kind: "server-error", retryable: status !== 501 && status !== 505, retryAfterMs };
  return { reason: `HTTP ${status}`, kind: "http", retryable: false };
}

/** Retry-After as delta-seconds or an HTTP date → ms from now. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function safeResolve(location: string, base: string): string | null {
  try {
    const u = new URL(location, base);
    u.hash = "";
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

async function readBody(body: Readable, encoding: string | undefined, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  const enc = (encoding ?? "").trim().toLowerCase();
  const decoder = enc === "gzip" || enc === "x-gzip" ? createGunzip() : enc === "deflate" ? createInflate() : enc === "br" ? createBrotliDecompress() : null;
  // pipe() does not forward errors: a reset mid-body must reach the reader, not vanish.
  if (decoder) body.on("error", (e) => decoder.destroy(e));
  const stream: Readable = decoder ? body.pipe(decoder) : body;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      if (size + buf.length > maxBytes) {
        // The cap counts decoded bytes, so a compression bomb stops here too.
        chunks.push(buf.subarray(0, maxBytes - size));
        return { body: Buffer.concat(chunks), truncated: true };
      }
      chunks.push(buf);
      size += buf.length;
    }
  } finally {
    discard(body);
    decoder?.destroy();
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

/** Stops reading a body; undici reports the abort as an error event, which nobody needs to hear. */
function discard(body: Readable): void {
  body.on("error", () => undefined);
  if (!body.destroyed) body.destroy();
}

function networkFailure(error: unknown, timedOut: boolean, options: FetchOptions): Pick<FetchFailure, "reason" | "kind" | "retryable"> {
  const timeoutMs = options.timeoutMs;
  if (options.signal?.aborted) return { reason: "interrupted", kind: "interrupted", retryable: false };
  if (timedOut) return { reason: `timeout after ${timeoutMs} ms`, kind: "timeout", retryable: true };
  const e = error as { code?: string; message?: string; name?: string; cause?: { code?: string; message?: string } };
  const code = e?.cause?.code ?? e?.code;
  const message = e?.cause?.message ?? e?.message ?? String(error);
  const known: Record<string, [string, FailureKind, boolean]> = {
    // Refused means nothing listens: a retry a second later meets the same closed port.
    ECONNREFUSED: ["connection refused", "network", false],
    ECONNRESET: ["connection reset", "network", true],
    EPIPE: ["connection reset", "network", true],
    ENOTFOUND: ["host not found (DNS)", "network", false],
    EAI_AGAIN: ["DNS lookup failed", "network", true],
    EHOSTUNREACH: ["host unreachable", "network", true],
    ENETUNREACH: ["network unreachable", "network", true],
    UND_ERR_CONNECT_TIMEOUT: ["connect timeout", "timeout", true],
    UND_ERR_HEADERS_TIMEOUT: [`timeout after ${timeoutMs} ms`, "timeout", true],
    UND_ERR_BODY_TIMEOUT: [`timeout after ${timeoutMs} ms`, "timeout", true],
    UND_ERR_SOCKET: ["connection closed by the server", "network", true],
    Z_DATA_ERROR: ["the compressed body is corrupt", "network", true],
    Z_BUF_ERROR: ["the compressed body is cut short", "network", true],
    ERR_BROTLI_DECOMPRESSION_FAILED: ["the compressed body is corrupt", "network", true],
    CERT_HAS_EXPIRED: ["TLS certificate has expired (use --insecure to accept it)", "tls", false],
    DEPTH_ZERO_SELF_SIGNED_CERT: ["self-signed TLS certificate (use --insecure or --ca to accept it)", "tls", false],
    SELF_SIGNED_CERT_IN_CHAIN: ["self-signed TLS certificate in chain (use --insecure or --ca)", "tls", false],
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: ["TLS certificate cannot be verified (use --ca or --insecure)", "tls", false],
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: ["TLS certificate issuer unknown (use --ca or --insecure)", "tls", false],
    ERR_TLS_CERT_ALTNAME_INVALID: ["TLS certificate is for another host name (use --insecure to accept it)", "tls", false],
  };
  const hit = code ? known[code] : undefined;
  if (hit) return { reason: hit[0], kind: hit[1], retryable: hit[2] };
  if (e?.name === "AbortError") return { reason: `timeout after ${timeoutMs} ms`, kind: "timeout", retryable: true };
  const tls = /certificate|TLS|SSL/i.test(message);
  return { reason: (code ? `${message} (${code})` : message).replace(/\s+/g, " "), kind: tls ? "tls" : "network", retryable: !tls };
}
