/**
 * The benchmark's static server, run as its own process (child_process.fork) so the
 * serving never shares a thread with the crawler being measured. Serves generated sites
 * (scripts/bench/site.ts) on loopback addresses — 127.0.0.1 for the big sites, 127.0.0.2 …
 * 127.0.0.51 for the multi-host part (all of 127/8 is loopback on Linux) — with keep-alive,
 * Content-Type text/html without a charset (the GBK half says so only in <meta>), every file
 * read into memory before the site's URL is handed out. It counts every request, so each
 * tool's page count comes from the same place and not from the tool's own claims.
 *
 * Messages (process.send): { type: "serve", id, sites: [{ dir, host, port? }] } → { id, urls };
 * { type: "stats", id, reset? } → { id, stats }; { type: "close" }.
 */
import { createServer, type Server } from "node:http";
import { readdir, readFile } from "node:fs/promises";
import { join, normalize } from "node:path";

export interface ServeRequest {
  dir: string;
  host: string;
  /** Same port on several addresses: the multi-host sites share one. */
  port?: number;
}

export interface ServerStats {
  /** GET requests answered with an HTML page. */
  htmlGets: number;
  /** Distinct HTML URLs (host + path) requested. */
  uniqueHtml: number;
  otherGets: number;
  heads: number;
  notFound: number;
  /** Requests per host, for the multi-host part. */
  perHost: Record<string, number>;
  cpuUserMs: number;
  cpuSystemMs: number;
}

const servers: Server[] = [];
const cache = new Map<string, Promise<Buffer | null>>();
let stats = fresh();
let uniqueHtml = new Set<string>();
let cpuMark = process.cpuUsage();

function fresh(): Omit<ServerStats, "uniqueHtml" | "cpuUserMs" | "cpuSystemMs"> {
  return { htmlGets: 0, otherGets: 0, heads: 0, notFound: 0, perHost: {} };
}

function load(file: string): Promise<Buffer | null> {
  let got = cache.get(file);
  if (!got) {
    got = readFile(file).catch(() => null);
    cache.set(file, got);
  }
  return got;
}

const TYPES: Record<string, string> = { html: "text/html", css: "text/css", js: "application/javascript", png: "image/png", txt: "text/plain", json: "application/json" };

/**
 * Reads every file of a site before it is served. Reading on first request charged the disk
 * reads and the server's growing heap to whichever tool crawled a site first: zwgk, measured
 * first on each size, cost the server 0.4 ms of CPU a page, the raw loop after it 0.1 ms.
 */
async function preload(root: string): Promise<void> {
  const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name));
  for (let i = 0; i < files.length; i += 64) await Promise.all(files.slice(i, i + 64).map((f) => load(normalize(f))));
}

async function serve(site: ServeRequest): Promise<string> {
  const root = normalize(site.dir);
  await preload(root);
  const server = createServer(async (req, res) => {
    const host = req.headers.host ?? site.host;
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(root, path));
    const ext = /\.([a-z]+)$/.exec(path)?.[1] ?? "";
    const isHtml = ext === "html";
    stats.perHost[host] = (stats.perHost[host] ?? 0) + 1;
    if (req.method === "HEAD") stats.heads++;
    const body = file.startsWith(root) ? await load(file) : null;
    if (!body) {
      stats.notFound++;
      res.writeHead(404, { "content-type": "text/html" }).end("<html><body><h1>404 Not Found</h1></body></html>");
      return;
    }
    if (req.method === "GET") {
      if (isHtml) {
        stats.htmlGets++;
        uniqueHtml.add(`${host}${path}`);
      } else stats.otherGets++;
    }
    res.writeHead(200, { "content-type": TYPES[ext] ?? "application/octet-stream", "content-length": body.length });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  // Crawlers keep connections open between bursts; do not close them under the client.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(site.port ?? 0, site.host, () => ok());
  });
  servers.push(server);
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no address");
  return `http://${site.host}:${address.port}/`;
}

type Message = { type: "serve"; id: number; sites: ServeRequest[] } | { type: "stats"; id: number; reset?: boolean } | { type: "close" };

process.on("message", async (msg: Message) => {
  try {
    if (msg.type === "serve") {
      const urls: string[] = [];
      for (const site of msg.sites) urls.push(await serve(site));
      process.send!({ id: msg.id, urls });
    } else if (msg.type === "stats") {
      const cpu = process.cpuUsage(cpuMark);
      const out: ServerStats = { ...stats, uniqueHtml: uniqueHtml.size, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000 };
      if (msg.reset) {
        stats = fresh();
        uniqueHtml = new Set();
        cpuMark = process.cpuUsage();
      }
      process.send!({ id: msg.id, stats: out });
    } else if (msg.type === "close") {
      for (const s of servers) s.closeAllConnections();
      process.exit(0);
    }
  } catch (error) {
    process.send!({ id: (msg as { id?: number }).id, error: (error as Error).message });
  }
});
process.on("disconnect", () => process.exit(0));
