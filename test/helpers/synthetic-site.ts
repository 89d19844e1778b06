/** Small sites built in the test itself, served on 127.0.0.1: one route table per scenario. */
import { createServer } from "node:http";

export interface SyntheticSite {
  url: string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** Serves path → HTML (UTF-8); other paths answer 404. */
export async function serveSite(routes: Record<string, string>): Promise<SyntheticSite> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const body = routes[path] ?? routes[path.replace(/\/$/, "/index.html")];
    if (body === undefined) return void res.writeHead(404, { "content-type": "text/html" }).end("<h1>404</h1>");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    hits,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export interface PageSpec {
  title: string;
  crumbs?: [string, string | null][];
  nav?: [string, string][];
  items?: { title: string; date?: string; url?: string }[];
  body?: string;
  footer?: string;
  head?: string;
}

/** A government-style page: header nav, 当前位置 breadcrumb, a dated list, a footer. */
export function page(spec: PageSpec): string {
  const nav = (spec.nav ?? []).map(([name, url]) => `<li><a href="${url}">${name}</a></li>`).join("");
  const crumbs = spec.crumbs?.length ? `<div class="crumbs">当前位置：${spec.crumbs.map(([n, u]) => (u ? `<a href="${u}">${n}</a>` : n)).join(" &gt; ")}</div>` : "";
  const items = (spec.items ?? []).map((i, k) => `<li><a href="${i.url ?? `/a/${k}.html`}">${i.title}</a>${i.date ? `<span>${i.date}</span>` : ""}</li>`).join("\n");
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${spec.title}_示例市人民政府</title>${spec.head ?? ""}</head><body>
<div class="header"><ul class="main-nav">${nav}</ul></div>
${crumbs}
<div class="main">${items ? `<ul class="list">${items}</ul>` : ""}${spec.body ?? ""}</div>
<div class="footer">${spec.footer ?? ""}</div>
</body></html>`;
}
