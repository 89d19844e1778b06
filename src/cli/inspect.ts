/** `zwgk inspect`: what zwgk extracts from one page — the tool to reach for when a finding looks wrong. */
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Dispatcher } from "undici";
import { decodeHtml } from "../crawl/decode.js";
import { fetchUrl } from "../crawl/fetch.js";
import { DEFAULT_USER_AGENT } from "../crawl/crawler.js";
import { DEFAULTS } from "../check/index.js";
import { IncompleteError, UsageError } from "../errors.js";
import { extractPage, type PageFacts } from "../site/page.js";
import type { NavNode } from "../site/nav.js";
import type { Pagination } from "../site/list.js";

export interface InspectResult {
  url: string;
  title: string;
  breadcrumb: string[];
  published: string | null;
  nav: NavNode[];
  items: { title: string; url: string | null; date: string | null }[];
  pagination: Pagination;
  /** The item with the latest date (pinned old items often sit on top), or null when none is dated. */
  newestItem: { title: string; url: string | null; date: string | null } | null;
  /** iframe/frame sources (a list or tree may sit in one). */
  frames: string[];
  /** What a script loads the page's list or menu from, when it does. */
  scriptLoads: { list?: string; menu?: string };
  kind: string;
  columnName: string | null;
  metadata: Record<string, string>;
  emptyMarker: string | null;
  encoding: string;
}

export interface InspectOptions {
  cwd: string;
  asOf?: string;
  timeoutMs?: number;
  /** TLS trust and proxy (connectionFrom); undici's global dispatcher when absent. */
  dispatcher?: Dispatcher;
  userAgent?: string;
}

export async function inspectTarget(target: string, options: InspectOptions): Promise<InspectResult> {
  let bytes: Uint8Array;
  let contentType: string | undefined;
  let url: string;
  if (/^https?:\/\//i.test(target)) {
    const outcome = await fetchUrl(target, {
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      maxBytes: DEFAULTS.maxBytes,
      maxRedirects: DEFAULTS.maxRedirects,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      inScope: () => true,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    if (!outcome.ok) throw new IncompleteError(`cannot fetch ${target}: ${outcome.reason}`);
    bytes = outcome.body;
    contentType = outcome.headers["content-type"];
    url = outcome.finalUrl;
  } else {
    const file = resolve(options.cwd, target);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new UsageError(`cannot inspect "${target}": not an http(s) URL and no such file`);
    bytes = await readFile(file);
    url = pathToFileURL(file).href;
  }
  const decoded = decodeHtml(bytes, contentType);
  const facts = extractPage(decoded.text, url, { referenceDate: options.asOf });
  return toInspectResult(facts, decoded.correctedFrom ? `${decoded.encoding} (declared ${decoded.correctedFrom})` : decoded.encoding);
}

export function toInspectResult(facts: PageFacts, encoding: string): InspectResult {
  return {
    url: facts.url,
    title: facts.title,
    breadcrumb: facts.breadcrumb.map((c) => c.name),
    published: facts.published,
    nav: facts.nav,
    items: facts.items,
    pagination: facts.pagination,
    newestItem: facts.items.reduce<InspectResult["newestItem"]>((best, i) => (i.date && (!best?.date || i.date > best.date) ? i : best), null),
    frames: facts.frames ?? [],
    scriptLoads: facts.scriptLoads ?? {},
    kind: facts.kind,
    columnName: facts.meta.columnName ?? null,
    metadata: facts.metadata,
    emptyMarker: facts.emptyMarker ?? null,
    encoding,
  };
}

export function formatInspectText(r: InspectResult): string {
  const lines = [
    `URL:        ${r.url}`,
    `Title:      ${r.title}`,
    `Kind:       ${r.kind}${r.columnName ? `  (ColumnName: ${r.columnName})` : ""}`,
    `Encoding:   ${r.encoding}`,
    `Breadcrumb: ${r.breadcrumb.length ? r.breadcrumb.join(" > ") : "(none found)"}`,
    `Published:  ${r.published ?? "(none shown)"}`,
  ];
  const meta = Object.entries(r.metadata);
  if (meta.length) lines.push(`Metadata:   ${meta.map(([k, v]) => `${k}=${v}`).join("; ")}`);
  lines.push("", `Navigation (${countNav(r.nav)} entries):`);
  const walk = (nodes: NavNode[], depth: number) => {
    for (const n of nodes) {
      lines.push(`${"  ".repeat(depth + 1)}- ${n.name}${n.url ? `  ${n.url}` : ""}`);
      walk(n.children, depth + 1);
    }
  };
  walk(r.nav, 0);
  const dated = r.items.filter((i) => i.date).length;
  const newest = r.newestItem ? `; newest ${r.newestItem.date} ${r.newestItem.title}` : "";
  lines.push("", `Items (${r.items.length}, ${dated} dated${newest}):`);
  for (const item of r.items.slice(0, 50)) lines.push(`  ${item.date ?? "(undated)"}  ${item.title}${item.url ? `  ${item.url}` : ""}`);
  if (r.items.length > 50) lines.push(`  … ${r.items.length - 50} more`);
  if (r.emptyMarker) lines.push(`  the page says: ${r.emptyMarker}`);
  const p = r.pagination;
  const form = p.source ? ` (${p.source})` : "";
  const at = p.current !== undefined ? `, this is page ${p.current}` : "";
  lines.push("", `Pagination: ${p.pages ?? "?"} page(s)${form}${at}${p.next ? `, next ${p.next}` : ""}`);
  for (const f of r.frames) lines.push(`Frame:      ${f}`);
  if (r.scriptLoads.list) lines.push(`Script-loaded list: ${r.scriptLoads.list} (zwgk cannot read it)`);
  if (r.scriptLoads.menu) lines.push(`Script-loaded menu: ${r.scriptLoads.menu} (zwgk cannot read it)`);
  return lines.join("\n") + "\n";
}

function countNav(nodes: NavNode[]): number {
  return nodes.reduce((n, node) => n + 1 + countNav(node.children), 0);
}
