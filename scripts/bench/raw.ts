/**
 * The raw limit: the least a crawler of these sites must do, with zwgk's own libraries in
 * their fastest configuration — undici request() on a keep-alive pool, TextDecoder on the
 * charset the header or <meta> names, cheerio on the htmlparser2 backend, a[href]
 * extraction, same-origin filter and dedup — at the same concurrency. No robots.txt, no
 * politeness, no retries, no extraction of navigation, breadcrumbs or lists, no rules.
 *
 * Usage: node --import tsx scripts/bench/raw.ts <start-url> [concurrency] → one JSON line
 * on stdout: { pages, failed, bytes, ms }.
 */
import { Agent, request } from "undici";
import { load } from "cheerio";
import { TextDecoder } from "node:util";

const start = process.argv[2];
const concurrency = Number(process.argv[3] ?? 16);
if (!start) {
  console.error("usage: raw.ts <start-url> [concurrency]");
  process.exit(2);
}
const origin = new URL(start).origin;
const NOT_PAGE = /\.(jpe?g|png|gif|css|js|ico|pdf|docx?|xlsx?|zip|rar)$/i;
const dispatcher = new Agent({ connections: concurrency, keepAliveTimeout: 60_000 });
const seen = new Set<string>([start]);
const queue: string[] = [start];
let pages = 0;
let failed = 0;
let bytes = 0;
const decoders = new Map<string, TextDecoder>();

function charsetOf(contentType: string | undefined, head: Buffer): string {
  const fromHeader = /charset=([\w-]+)/i.exec(contentType ?? "")?.[1];
  if (fromHeader) return fromHeader.toLowerCase();
  const fromMeta = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head.toString("latin1"))?.[1];
  return (fromMeta ?? "utf-8").toLowerCase();
}

function decode(body: Buffer, contentType: string | undefined): string {
  const label = charsetOf(contentType, body.subarray(0, 1024));
  let decoder = decoders.get(label);
  if (!decoder) {
    decoder = new TextDecoder(label);
    decoders.set(label, decoder);
  }
  return decoder.decode(body);
}

async function visit(url: string): Promise<void> {
  try {
    const res = await request(url, { dispatcher, headers: { "user-agent": "zwgk-bench-raw" } });
    const type = String(res.headers["content-type"] ?? "");
    if (res.statusCode !== 200 || !/html/i.test(type)) {
      await res.body.dump();
      if (res.statusCode !== 200) failed++;
      return;
    }
    const body = Buffer.from(await res.body.arrayBuffer());
    bytes += body.length;
    const $ = load(decode(body, type), { xml: { xmlMode: false } });
    pages++;
    $("a[href]").each((_, a) => {
      const href = a.attribs.href;
      if (!href || href.startsWith("javascript:") || href.startsWith("#")) return;
      let u: URL;
      try {
        u = new URL(href, url);
      } catch {
        return;
      }
      if (u.origin !== origin || NOT_PAGE.test(u.pathname)) return;
      u.hash = "";
      const key = u.href;
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(key);
      }
    });
  } catch {
    failed++;
  }
}

const started = performance.now();
await new Promise<void>((done) => {
  let active = 0;
  const pump = () => {
    while (active < concurrency && queue.length) {
      active++;
      void visit(queue.shift()!).finally(() => {
        active--;
        pump();
      });
    }
    if (!active && !queue.length) done();
  };
  pump();
});
const ms = performance.now() - started;
await dispatcher.close();
process.stdout.write(`${JSON.stringify({ pages, failed, bytes, ms: Math.round(ms) })}\n`);
