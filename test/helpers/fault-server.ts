/**
 * A local fault-injection web server for crawler tests (127.0.0.1, ephemeral port, HTTP or
 * HTTPS). Each path gets a Route: a page, a status, a slow or hanging answer, a reset, a
 * redirect, a compressed or huge body, a page that fails N times then works, an ETag that
 * answers 304. The server records every request, so tests assert what the crawler did.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { connect as netConnect, type Socket } from "node:net";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";

export interface Hit {
  path: string;
  at: number;
  headers: IncomingMessage["headers"];
}

export interface ServerState {
  /** Requests by path (with query). */
  hits: Map<string, number>;
  log: Hit[];
  /** 304 answers given. */
  notModified: number;
}

export type Route = (req: IncomingMessage, res: ServerResponse, state: ServerState) => void | Promise<void>;

export interface FaultServer extends ServerState {
  url: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  /** Answer paths without a route (generated sites). Return undefined for 404. */
  fallback?: (path: string) => Route | undefined;
  /** Bind to this host name in the URL (the socket is always 127.0.0.1). */
  host?: string;
}

export async function startFaultServer(routes: Record<string, Route>, options: ServeOptions = {}): Promise<FaultServer> {
  const state: ServerState = { hits: new Map(), log: [], notModified: 0 };
  const sockets = new Set<Socket>();
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? "/";
    state.hits.set(path, (state.hits.get(path) ?? 0) + 1);
    state.log.push({ path, at: Date.now(), headers: req.headers });
    const pathname = path.split("?")[0]!;
    const route = routes[path] ?? routes[pathname] ?? options.fallback?.(path);
    try {
      if (route) await route(req, res, state);
      else if (!res.headersSent) res.writeHead(404, { "content-type": "text/html; charset=utf-8" }).end("<html><body><h1>404 Not Found</h1></body></html>");
    } catch {
      if (!res.headersSent) res.writeHead(500).end();
    }
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler) : createHttpServer(handler);
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("secureConnection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  // A client that rejects our self-signed certificate makes the TLS layer emit this; it is expected.
  server.on("tlsClientError", () => undefined);
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("fault server has no port");
  const origin = `${options.tls ? "https" : "http"}://${options.host ?? "127.0.0.1"}:${address.port}`;
  return Object.assign(state, {
    url: `${origin}/`,
    origin,
    port: address.port,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  });
}

// ---- Routes ------------------------------------------------------------------------------

export interface PageOptions {
  status?: number;
  headers?: Record<string, string | number>;
  /** Content-Type; default text/html; charset=utf-8. */
  type?: string;
}

export function html(body: string | Buffer, options: PageOptions = {}): Route {
  return (_req, res) => {
    const buf = typeof body === "string" ? Buffer.from(body) : body;
    res.writeHead(options.status ?? 200, { "content-type": options.type ?? "text/html; charset=utf-8", "content-length": buf.length, ...options.headers }).end(buf);
  };
}

export function text(body: string, type = "text/plain; charset=utf-8"): Route {
  return html(body, { type });
}

export function status(code: number, body = "", headers: Record<string, string | number> = {}): Route {
  return html(body || `<html><body><h1>${code}</h1></body></html>`, { status: code, headers });
}

export function redirect(to: string, code = 302): Route {
  return (_req, res) => void res.writeHead(code, { location: to }).end();
}

/** Answers after `ms` (stops waiting if the client goes away). */
export function slow(ms: number, then: Route): Route {
  return (req, res, state) =>
    new Promise<void>((done) => {
      const timer = setTimeout(() => void Promise.resolve(then(req, res, state)).then(() => done()), ms);
      res.on("close", () => {
        clearTimeout(timer);
        done();
      });
    });
}

/** Never answers: the client's timeout must end it. */
export function hang(): Route {
  return (_req, res) => new Promise<void>((done) => res.on("close", () => done()));
}

/** Drops the connection without an answer (ECONNRESET / socket closed on the client). */
export function reset(): Route {
  return (req) => {
    req.socket.resetAndDestroy?.() ?? req.socket.destroy();
  };
}

/** The first `times` requests get `failure`, later ones `success`. */
export function failTimes(times: number, failure: Route, success: Route): Route {
  let seen = 0;
  return (req, res, state) => (++seen <= times ? failure(req, res, state) : success(req, res, state));
}

export function compressed(body: string, encoding: "gzip" | "deflate" | "br", type = "text/html; charset=utf-8"): Route {
  const raw = Buffer.from(body);
  const data = encoding === "gzip" ? gzipSync(raw) : encoding === "deflate" ? deflateSync(raw) : brotliCompressSync(raw);
  return (_req, res) => void res.writeHead(200, { "content-type": type, "content-encoding": encoding, "content-length": data.length }).end(data);
}

/** `bytes` of body streamed in 64 KB chunks, starting with `head` (an HTML page that never ends). */
export function huge(bytes: number, head: string): Route {
  return (_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": bytes });
    const start = Buffer.from(head);
    res.write(start);
    let sent = start.length;
    const chunk = Buffer.alloc(64 * 1024, "<p>填充内容 padding</p>\n");
    const pump = () => {
      while (sent < bytes) {
        const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
        sent += part.length;
        if (!res.write(part)) return void res.once("drain", pump);
      }
      res.end();
    };
    res.on("error", () => undefined);
    pump();
  };
}

/** A page with an ETag and Last-Modified that answers 304 to a matching conditional request. */
export function cacheable(body: string, etag: string, lastModified = "Wed, 01 Jan 2025 00:00:00 GMT"): Route {
  return (req, res, state) => {
    if (req.headers["if-none-match"] === etag || (!req.headers["if-none-match"] && req.headers["if-modified-since"] === lastModified)) {
      state.notModified++;
      res.writeHead(304, { etag, "last-modified": lastModified }).end();
      return;
    }
    const buf = Buffer.from(body);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", etag, "last-modified": lastModified, "content-length": buf.length }).end(buf);
  };
}

// ---- Pages -------------------------------------------------------------------------------

export interface GovPage {
  title: string;
  /** Breadcrumb after 首页: [name, href?][]. */
  crumbs?: [string, string?][];
  /** The header menu: [name, href][]. */
  nav?: [string, string][];
  /** List items: [title, href, date][]. */
  items?: [string, string, string][];
  /** Extra HTML in the main area. */
  body?: string;
  /** The <meta charset> to declare (none when null). */
  charset?: string | null;
}

/** A page shaped like a Chinese government site's: header menu, 当前位置 breadcrumb, list. */
export function govPage(p: GovPage): string {
  const nav = p.nav?.length ? `<div class="header"><ul class="main-nav">${p.nav.map(([n, h]) => `<li><a href="${h}">${n}</a></li>`).join("")}</ul></div>` : "";
  const crumbs = p.crumbs ? `<div class="crumbs">当前位置：<a href="/">首页</a>${p.crumbs.map(([n, h]) => `&nbsp;&gt;&nbsp;${h ? `<a href="${h}">${n}</a>` : n}`).join("")}</div>` : "";
  const items = p.items?.length ? `<ul class="list">${p.items.map(([t, h, d]) => `<li><a href="${h}">${t}</a><span>${d}</span></li>`).join("")}</ul>` : "";
  const charset = p.charset === null ? "" : `<meta charset="${p.charset ?? "utf-8"}">`;
  return `<!DOCTYPE html><html><head>${charset}<title>${p.title}_测试区人民政府</title></head><body>${nav}${crumbs}<div class="main">${items}${p.body ?? ""}</div><div class="footer">主办单位：测试区人民政府</div></body></html>`;
}

// ---- TLS and proxies ----------------------------------------------------------------------

/** A self-signed certificate for 127.0.0.1 and localhost, made with the openssl CLI; null without openssl. */
export function selfSignedCert(): { key: string; cert: string } | null {
  const dir = mkdtempSync(join(tmpdir(), "zwgk-cert-"));
  try {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
      { stdio: "ignore" },
    );
    return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Proxy {
  url: string;
  /** Requests relayed: CONNECT tunnels and absolute-URI requests. */
  relayed: string[];
  close(): Promise<void>;
}

/** A forwarding proxy (CONNECT tunnels and plain absolute-URI GETs) that records what it relays. */
export async function startProxy(): Promise<Proxy> {
  const relayed: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer(async (req, res) => {
    relayed.push(`${req.method} ${req.url}`);
    try {
      const target = new URL(req.url ?? "");
      const upstream = await fetch(target, { headers: { "user-agent": String(req.headers["user-agent"] ?? "") } });
      res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "text/html" }).end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      res.writeHead(502).end();
    }
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    relayed.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? "").split(":");
    const upstream = netConnect(Number(port), host!, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("proxy has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    relayed,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}
