/**
 * Serves fixtures/sites/<name>/ on 127.0.0.1 with an ephemeral port, for tests and the
 * demo. Directory URLs serve their index.html. Each site decides whether its Content-Type
 * names a charset (the GBK site deliberately does not: its charset is only in <meta>).
 */
import { createServer, type Server } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { dirname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const fixturesDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

export interface FixtureSite {
  url: string;
  /** Requests served, by path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** Per-site HTTP behaviour: the charset sent in Content-Type, if any. */
// content: each page names its own charset in <meta> (one column is GBK), so the header names none.
export const SITE_CHARSETS: Record<string, string | undefined> = { fgw: "utf-8", qx: undefined, content: undefined };

export async function serveFixtureSite(name: string, options: { charset?: string | null } = {}): Promise<FixtureSite> {
  const root = join(fixturesDir, "sites", name);
  const charset = options.charset === undefined ? SITE_CHARSETS[name] : (options.charset ?? undefined);
  const hits = new Map<string, number>();
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    hits.set(path, (hits.get(path) ?? 0) + 1);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    const info = await stat(file).catch(() => null);
    if (info?.isDirectory()) file = join(file, "index.html");
    const body = await readFile(file).catch(() => null);
    if (!body) {
      res.writeHead(404, { "content-type": "text/html" }).end("<html><body><h1>404 Not Found</h1></body></html>");
      return;
    }
    // .jsp: Hanweb's jpage dataproxy.jsp answers XML (a <datastore> document).
    const type = file.endsWith(".html") ? `text/html${charset ? `; charset=${charset}` : ""}` : file.endsWith(".jsp") ? "text/xml; charset=utf-8" : "application/octet-stream";
    res.writeHead(200, { "content-type": type, "content-length": body.length }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("fixture server has no port");
  return {
    url: `http://127.0.0.1:${address.port}/`,
    hits,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}
