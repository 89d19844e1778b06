/** Column list pages: the items they hold, whether they say they hold none, and their paging. */
import type { CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import { parseListDate } from "./dates.js";
import { NAV_CONTAINERS } from "./nav.js";
import { BREADCRUMB_CONTAINERS } from "./breadcrumb.js";
import { cleanText, resolveHref } from "./text.js";

export interface ListItem {
  title: string;
  url: string | null;
  date: string | null;
}

export interface Pagination {
  pages: number | null;
  next: string | null;
}

/** What empty columns say instead of a list. */
export const EMPTY_MARKERS = /(暂无信息|暂无数据|暂无内容|暂无记录|没有记录|无相关信息|没有相关信息|暂无相关信息|暂无公开信息)/;

const ROW_TAGS = new Set(["li", "tr", "dd", "dt", "p"]);
const LAYOUT = "header, footer, [class*=header i], [class*=footer i], [id*=header i], [id*=footer i]";

/**
 * Items are links in rows (li, tr, dd, p) outside navigation, breadcrumbs, header and
 * footer. A row counts when it shows a date, or when it sits in a list whose other rows do.
 */
export function extractItems($: CheerioAPI, pageUrl: string, reference?: string): ListItem[] {
  const excluded = new Set<Element>([...$(NAV_CONTAINERS).toArray(), ...$(BREADCRUMB_CONTAINERS).toArray(), ...$(LAYOUT).toArray()]);
  const rows = new Map<Element, { anchor: Element; date: string | null }>();
  $("a[href]").each((_, a) => {
    const row = rowOf(a);
    if (!row || rows.has(row) || insideAny(row, excluded)) return;
    const title = anchorTitle($, a);
    if (title.length < 4 || /^(更多|more|下一页|上一页|首页|尾页|末页)/i.test(title)) return;
    const date = parseListDate(cleanText($(row).text()).replace(title, " "), reference);
    rows.set(row, { anchor: a, date });
  });
  const datedParents = new Set<Element | null>([...rows].filter(([, r]) => r.date).map(([row]) => row.parent as Element | null));
  const items: ListItem[] = [];
  for (const [row, { anchor, date }] of rows) {
    if (!date && !datedParents.has(row.parent as Element | null)) continue;
    items.push({ title: anchorTitle($, anchor), url: resolveHref($(anchor).attr("href"), pageUrl), date });
  }
  return items;
}

function anchorTitle($: CheerioAPI, a: Element): string {
  const text = cleanText($(a).text());
  const title = cleanText($(a).attr("title"));
  // Lists truncate long titles with "…"; the title attribute keeps them whole.
  return title && (text.endsWith("...") || text.endsWith("…") || !text) ? title : text || title;
}

function rowOf(a: Element): Element | null {
  for (let p = a.parent; p && p.type === "tag"; p = p.parent) {
    const el = p as Element;
    if (ROW_TAGS.has(el.name)) return el;
    if (el.name === "body") return null;
  }
  return null;
}

function insideAny(el: Element, set: Set<Element>): boolean {
  for (let p: Element | null = el; p; p = p.parent as Element | null) if (set.has(p)) return true;
  return false;
}

/** The empty-column notice, when the page's visible text carries one. */
export function findEmptyMarker(visibleText: string): string | undefined {
  return EMPTY_MARKERS.exec(visibleText)?.[1];
}

/**
 * Paging, as TRS/Hanweb/JCMS sites write it: createPageHTML(total, current, "index", "html"),
 * `countPage = 56`, 共N页, and 下一页 links.
 */
export function extractPagination($: CheerioAPI, scripts: string, visibleText: string, pageUrl: string): Pagination {
  let pages: number | null = null;
  let next: string | null = null;
  const create = /createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]/.exec(scripts);
  if (create) {
    const total = Number(create[1]);
    const current = Number(create[2]);
    pages = total;
    if (current + 1 < total) next = resolveHref(`${create[3]}_${current + 1}.${create[4]}`, pageUrl);
  }
  const count = /\b(?:countPage|pageCount|totalPage|totalPages|page_count)\s*[=:]\s*['"]?(\d+)/i.exec(scripts);
  if (count && pages === null) {
    pages = Number(count[1]);
    const current = Number(/\bcurrentPage\s*[=:]\s*['"]?(\d+)/i.exec(scripts)?.[1] ?? 0);
    if (!next && current + 1 < pages) next = resolveHref(`index_${current + 1}.${pageExtension(pageUrl)}`, pageUrl);
  }
  const gong = /共\s*(\d+)\s*页/.exec(visibleText);
  if (gong && pages === null) pages = Number(gong[1]);
  $("a[href]").each((_, a) => {
    if (!next && /^下一页|^下页|^next$|^›$|^>$/i.test(cleanText($(a).text()))) next = resolveHref($(a).attr("href"), pageUrl);
  });
  if (next === pageUrl) next = null;
  return { pages, next };
}

function pageExtension(url: string): string {
  return /\.(s?html?|jsp|php|aspx?)$/i.exec(new URL(url).pathname)?.[1] ?? "html";
}
