/**
 * One HTTP GET with the limits a crawler of government sites needs: a timeout that covers
 * the whole exchange, a body size cap, redirects followed by hand (so scope is re-checked
 * on every hop), compressed bodies. Network failures are returned as data, never thrown.
 */
import { request, type Dispatcher } from "undici";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { Readable } from "node:stream";

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Whether a redirect target may be followed (scope re-check on every hop). */
  inScope: (url: string) => boolean;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
}

export interface FetchSuccess {
  ok: true;
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
  redirects: string[];
}

export interface FetchFailure {
  ok: false;
  url: string;
  status?: number;
  /** One line, for the report: "HTTP 404", "timeout after 20000 ms", "redirect loop" … */
  reason: string;
}

export type FetchOutcome = FetchSuccess | FetchFailure;

export async function fetchUrl(url: string, options: FetchOptions): Promise<FetchOutcome> {
  const redirects: string[] = [];
  let current = url;
  for (let hop = 0; ; hop++) {
    let response: Dispatcher.ResponseData;
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    try {
      response = await request(current, {
        method: "GET",
        headers: {
          "user-agent": options.userAgent,
          accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
          "accept-encoding": "gzip, deflate, br",
          "accept-language": "zh-CN,zh;q=0.9",
        },
        signal,
        dispatcher: options.dispatcher,
      });
    } catch (error) {
      return { ok: false, url, reason: networkReason(error, timeout.aborted, options.timeoutMs) };
    }
    const { statusCode, headers } = response;
    const flat = flattenHeaders(headers);
    if (statusCode >= 300 && statusCode < 400 && flat.location) {
      response.body.resume();
      const next = safeResolve(flat.location, current);
      if (!next) return { ok: false, url, status: statusCode, reason: `redirect to an invalid location "${flat.location}"` };
      if (next === current || redirects.includes(next) || next === url) return { ok: false, url, status: statusCode, reason: `redirect loop at ${next}` };
      if (hop + 1 > options.maxRedirects) return { ok: false, url, status: statusCode, reason: `more than ${options.maxRedirects} redirects` };
      if (!options.inScope(next)) return { ok: false, url, status: statusCode, reason: `redirects out of scope to ${next}` };
      redirects.push(next);
      current = next;
      continue;
    }
    if (statusCode >= 400) {
      response.body.resume();
      return { ok: false, url, status: statusCode, reason: `HTTP ${statusCode}` };
    }
    try {
      const { body, truncated } = await readBody(response.body, flat["content-encoding"], options.maxBytes);
      return { ok: true, url, finalUrl: current, status: statusCode, headers: flat, body, truncated, redirects };
    } catch (error) {
      return { ok: false, url, status: statusCode, reason: networkReason(error, timeout.aborted, options.timeoutMs) };
    }
  }
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
  const stream: Readable =
    enc === "gzip" || enc === "x-gzip" ? body.pipe(createGunzip()) : enc === "deflate" ? body.pipe(createInflate()) : enc === "br" ? body.pipe(createBrotliDecompress()) : body;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    if (size + buf.length > maxBytes) {
      chunks.push(buf.subarray(0, maxBytes - size));
      body.destroy();
      return { body: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(buf);
    size += buf.length;
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

function networkReason(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `timeout after ${timeoutMs} ms`;
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.cause?.code ?? e?.code;
  const message = e?.cause?.message ?? e?.message ?? String(error);
  if (e && (e as Error).name === "AbortError") return "interrupted";
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset",
    ENOTFOUND: "host not found (DNS)",
    EAI_AGAIN: "DNS lookup failed",
    UND_ERR_CONNECT_TIMEOUT: "connect timeout",
    UND_ERR_HEADERS_TIMEOUT: `timeout after ${timeoutMs} ms`,
    UND_ERR_BODY_TIMEOUT: `timeout after ${timeoutMs} ms`,
    UND_ERR_SOCKET: "connection closed by the server",
    CERT_HAS_EXPIRED: "TLS certificate has expired (use --insecure to accept it)",
    DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed TLS certificate (use --insecure to accept it)",
    SELF_SIGNED_CERT_IN_CHAIN: "self-signed TLS certificate in chain (use --insecure or --ca)",
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate cannot be verified (use --ca or --insecure)",
  };
  return (code && known[code]) || (code ? `${message} (${code})` : message).replace(/\s+/g, " ");
}
