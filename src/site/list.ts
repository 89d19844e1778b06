/** Column list pages: the items they hold, whether they say they hold none, and their paging. */
import type { Element } from "domhandler";
import { parseListDate } from "./dates.js";
import { childElements, closestAncestor, findAll, insideAny, isLinkElement, nextElement, parseDom, textOf, visibleText, type PageDom } from "./dom.js";
import { hanwebPaging, readHanwebList } from "./hanweb.js";
import { cleanText, resolveHref } from "./text.js";

export interface ListItem {
  title: string;
  url: string | null;
  /** The date the list shows (or, after a follow-up, the date its detail page shows). */
  date: string | null;
}

export interface Pagination {
  /** Pages the list says it has. */
  pages: number | null;
  next: string | null;
  /** This page's number, from 1, when the paging says it. */
  current?: number;
  /** Which form the paging was read from: createPageHTML, countPage, jpage, 共N页, index_N, 下一页. */
  source?: string;
}

/** What empty columns say instead of a list. */
export const EMPTY_MARKERS = /(暂无信息|暂无数据|暂无内容|暂无记录|没有记录|无相关信息|没有相关信息|暂无相关信息|暂无公开信息|没有找到相关|无记录)/;

const ROW_TAGS = new Set(["li", "tr", "dd", "dt", "p"]);
const NOT_ITEM = /^[[【(（]?\s*(更多|more|下一页|上一页|首页|尾页|末页|返回|打印|关闭|收藏|查看更多|分享)/i;
/** Article and document addresses as the common CMSs write them. */
const DOCUMENT_URL = /\/t\d{8}_\d+\.s?html?$|content_\d+\.s?html?$|\/art\/\d{4}\/|\/\d{6}\/[^/]+\.s?html?$|\/\d{4}-\d{2}\/\d{2}\/|\.(pdf|docx?|xlsx?|wps|et|ofd|zip|rar)$|[?&](?:id|articleId|contentId|infoid|docid)=|\/(?:detail|content|article|info)[_/-]?\w*\d{3,}/i;
/** Addresses of columns rather than documents: a directory, its index page, a Hanweb col page. */
const COLUMN_URL = /\/$|\/index(?:_\d+)?\.(?:s?html?|jsp|php|aspx?)$|\/col\/col\d+\//i;

interface Row {
  anchor: Element;
  title: string;
  url: string | null;
  date: string | null;
}

/**
 * Items are links in rows (li, tr, dd, dt, p; a div holding one link and a date) outside
 * navigation, breadcrumbs, header and footer. A row counts when it shows a date, when it
 * sits in a list whose other rows do, or — on pages that show no dates at all — when it
 * links to a document and has at least one such sibling. Hanweb lists come from their
 * datastore records, which are list items by construction.
 */
export function extractItems(dom: PageDom, pageUrl: string, reference?: string): ListItem[] {
  const rows = collectRows(dom, pageUrl, reference, dom.chrome);
  const items = keptRows(rows);
  const hanweb = readHanwebList(dom, pageUrl);
  if (hanweb?.records.length) {
    const records = parseDom(`<div>${hanweb.records.join("\n")}</div>`);
    const recordRows = collectRows(records, pageUrl, reference, new Set());
    const seen = new Set(items.map((i) => `${i.url}\u0000${i.title}`));
    for (const row of recordRows.values()) {
      const item = { title: row.title, url: row.url, date: row.date };
      if (!seen.has(`${item.url}\u0000${item.title}`)) items.push(item);
    }
  }
  return items;
}

function collectRows(dom: PageDom, pageUrl: string, reference: string | undefined, excluded: Set<Element>): Map<Element, Row> {
  const rows = new Map<Element, Row>();
  const headers = new Map<Element, TableColumns | null>();
  for (const a of dom.anchors) {
    // Menus, breadcrumbs, header and footer first: cheap, and most links on a page are there.
    if (insideAny(a, excluded)) continue;
    const row = rowOf(a, reference);
    if (!row || rows.has(row) || insideAny(row, excluded)) continue;
    const title = anchorTitle(a);
    if (title.length < 4 || NOT_ITEM.test(title)) continue;
    const url = resolveHref(a.attribs.href, pageUrl);
    rows.set(row, { anchor: a, title, url, date: rowDate(row, title, reference, url, headers) });
  }
  return rows;
}

function keptRows(rows: Map<Element, Row>): ListItem[] {
  const datedParents = new Set<Element | null>([...rows].filter(([, r]) => r.date).map(([row]) => row.parent as Element | null));
  const documentSiblings = new Map<Element | null, number>();
  for (const [row, r] of rows) if (looksLikeDocument(r)) documentSiblings.set(row.parent as Element | null, (documentSiblings.get(row.parent as Element | null) ?? 0) + 1);
  // Undated document links count only on a page that dates nothing: elsewhere they are
  // slideshows and 相关链接 beside the real, dated list.
  const undatedPage = datedParents.size === 0;
  const items: ListItem[] = [];
  for (const [row, r] of rows) {
    const parent = row.parent as Element | null;
    const keep = r.date || datedParents.has(parent) || (undatedPage && looksLikeDocument(r) && (documentSiblings.get(parent) ?? 0) >= 2);
    if (keep) items.push({ title: r.title, url: r.url, date: r.date });
  }
  return items;
}

function looksLikeDocument(r: Row): boolean {
  if (!r.url) return false;
  let path: string;
  try {
    const u = new URL(r.url);
    path = u.pathname + u.search;
  } catch {
    return false;
  }
  // A directory is a column (or a unit's 信息公开 home) whatever its query string says.
  if (COLUMN_URL.test(new URL(r.url).pathname)) return false;
  return DOCUMENT_URL.test(path) || r.title.length >= 12;
}

/** A table's column positions, read from its header row (名称 / 索引号 / 发布机构 / 发布日期). */
interface TableColumns {
  date: number;
}

const CELLS = new Set(["th", "td"]);

function tableColumns(table: Element, cache: Map<Element, TableColumns | null>): TableColumns | null {
  if (cache.has(table)) return cache.get(table)!;
  let found: TableColumns | null = null;
  const header = findAll(table, (el) => el.name === "tr", 3);
  for (const tr of header) {
    const cells = childElements(tr, CELLS).map((c) => cleanText(textOf(c)));
    if (cells.length < 2 || cells.some((c) => c.length > 12)) continue;
    // 发布日期 beats 成文日期; a bare 日期 or 时间 column will do.
    const order = [/发布日期|发布时间|公开日期/, /^(?:日期|时间|更新日期|更新时间)$/, /日期|时间/];
    for (const re of order) {
      const index = cells.findIndex((c) => re.test(c) && !/成文/.test(c));
      if (index >= 0) {
        found = { date: index };
        break;
      }
    }
    if (found) break;
  }
  cache.set(table, found);
  return found;
}

function rowDate(row: Element, title: string, reference: string | undefined, url: string | null, headers: Map<Element, TableColumns | null>): string | null {
  if (row.name === "tr") {
    const table = closestAncestor(row, "table");
    const columns = table ? tableColumns(table, headers) : null;
    const cell = columns ? childElements(row, CELLS)[columns.date] : undefined;
    if (cell) {
      const date = parseListDate(cleanText(textOf(cell)), reference, url);
      if (date) return date;
    }
  }
  const own = parseListDate(cleanText(textOf(row)).replace(title, " "), reference, url);
  if (own) return own;
  // <dt><a>title</a></dt><dd>2021-06-30</dd>
  const next = nextElement(row);
  if ((row.name === "dt" || row.name === "dd") && next && !findAll(next, isLinkElement, 1).length && (next.name === "dd" || next.name === "span")) {
    return parseListDate(cleanText(textOf(next)), reference, url);
  }
  return null;
}

function anchorTitle(a: Element): string {
  // Bullets and arrows some lists put inside the link are not part of the title.
  const text = cleanText(textOf(a)).replace(/^[>·•●■□◆◇▪►▶»→\-\s]+/, "");
  const title = cleanText(a.attribs.title);
  // Lists truncate long titles with "…"; the title attribute keeps them whole.
  return title && (text.endsWith("...") || text.endsWith("…") || !text) ? title : text || title;
}

/**
 * The row an anchor belongs to: the nearest li/tr/dd/dt/p; failing that, a div or span
 * around it that holds only this link and shows a date (div-based lists).
 */
function rowOf(a: Element, reference?: string): Element | null {
  let depth = 0;
  let fallback: Element | null = null;
  for (let p = a.parent; p && p.type === "tag"; p = p.parent) {
    const el = p as Element;
    if (ROW_TAGS.has(el.name)) return el;
    if (el.name === "body") break;
    // Only small wrappers are rows; reading a big container's text for every link is quadratic.
    if (!fallback && depth < 2 && (el.name === "div" || el.name === "span") && smallSubtree(el, 8)) {
      if (findAll(el, isLinkElement, 2).length === 1 && parseListDate(cleanText(textOf(el)).replace(cleanText(textOf(a)), " "), reference)) fallback = el;
    }
    depth++;
  }
  return fallback;
}

/** Whether an element has at most `limit` descendant elements (stops counting past it). */
function smallSubtree(el: Element, limit: number): boolean {
  let count = 0;
  const stack = [...el.children];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type !== "tag") continue;
    if (++count > limit) return false;
    stack.push(...(node as Element).children);
  }
  return true;
}

/** The empty-column notice, when the page's visible text carries one. */
export function findEmptyMarker(visibleText: string): string | undefined {
  return EMPTY_MARKERS.exec(visibleText)?.[1];
}

/**
 * Paging, as TRS/Hanweb/JCMS sites write it: createPageHTML(total, current, "index", "html"),
 * `countPage = 56`, jpage `totalRecord`/`perPage`, 共N页, links to index_N.html, and 下一页.
 */
export function extractPagination(dom: PageDom, scripts: string, visibleText: string, pageUrl: string): Pagination {
  let pages: number | null = null;
  let next: string | null = null;
  let current: number | undefined;
  let source: string | undefined;
  const create = /createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]/.exec(scripts);
  if (create) {
    const total = Number(create[1]);
    const at = Number(create[2]);
    pages = total;
    current = at + 1;
    source = "createPageHTML";
    if (at + 1 < total) next = resolveHref(`${create[3]}_${at + 1}.${create[4]}`, pageUrl);
  }
  const count = /\b(?:countPage|pageCount|totalPage|totalPages|page_count)\s*[=:]\s*['"]?(\d+)/i.exec(scripts);
  if (count && pages === null) {
    pages = Number(count[1]);
    const at = Number(/\bcurrentPage\s*[=:]\s*['"]?(\d+)/i.exec(scripts)?.[1] ?? indexNumber(pageUrl) ?? 0);
    current = at + 1;
    source = "countPage";
    if (!next && at + 1 < pages) next = resolveHref(`index_${at + 1}.${pageExtension(pageUrl)}`, pageUrl);
  }
  const hanweb = pages === null ? readHanwebList(dom, pageUrl, scripts) : null;
  if (hanweb && (hanweb.records.length || hanweb.proxyUrl)) {
    const paging = hanwebPaging(hanweb, scripts, pageUrl);
    pages = paging.pages;
    next ??= paging.next;
    current = paging.current;
    source = "jpage";
  }
  const gong = /共\s*(\d+)\s*页/.exec(visibleText);
  if (gong && pages === null) {
    pages = Number(gong[1]);
    source = "共N页";
    const at = /第\s*(\d+)\s*页/.exec(visibleText) ?? /当前\s*(\d+)\s*\/\s*\d+\s*页/.exec(visibleText);
    if (at) current = Number(at[1]);
  }
  let highestIndex = -1;
  for (const a of dom.shownAnchors) {
    const href = a.attribs.href ?? "";
    if (!next) {
      const text = cleanText(textOf(a));
      if (/^下一页|^下页|^next$|^›$|^>$|^后一页$/i.test(text)) {
        next = resolveHref(href, pageUrl);
        source ??= "下一页";
      }
    }
    const n = /(?:^|\/)index_(\d+)\.[a-z]+$/i.exec(href);
    if (n && sameDirectory(resolveHref(href, pageUrl), pageUrl)) highestIndex = Math.max(highestIndex, Number(n[1]));
  }
  if (pages === null && highestIndex >= 0) {
    // Links to index_1 … index_N: at least N+1 pages (more may hide behind an ellipsis).
    pages = highestIndex + 1;
    source ??= "index_N";
  }
  if (current === undefined) {
    const own = indexNumber(pageUrl);
    if (own !== null) current = own + 1;
    else if (pages !== null) current = 1;
  }
  if (!next && pages !== null && current !== undefined && current < pages && (source === "共N页" || source === "index_N") && /\/(?:index(?:_\d+)?\.[a-z]+)?$/i.test(safePath(pageUrl))) {
    next = resolveHref(`index_${current}.${pageExtension(pageUrl)}`, pageUrl);
  }
  if (next === pageUrl) next = null;
  return { pages, next, ...(current !== undefined ? { current } : {}), ...(source ? { source } : {}) };
}

function indexNumber(url: string): number | null {
  const m = /\/index_(\d+)\.[a-z]+$/i.exec(safePath(url));
  return m ? Number(m[1]) : null;
}

function sameDirectory(a: string | null, b: string): boolean {
  if (!a) return false;
  const dir = (u: string) => safePath(u).replace(/[^/]*$/, "");
  return dir(a) === dir(b);
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "";
  }
}

function pageExtension(url: string): string {
  return /\.(s?html?|jsp|php|aspx?)$/i.exec(safePath(url))?.[1] ?? "html";
}

/**
 * A page's main text: what is left once scripts, menus, breadcrumbs, header and footer
 * are gone. Required fields are sought here, so the site footer's 地址 and 电话 do not
 * count for every column.
 */
export function mainText(dom: PageDom): string {
  const shown = dom.bodies.length ? dom.bodies.map((b) => visibleText(b, dom.chrome)).join("") : "";
  return cleanText(shown || visibleText(dom.root, dom.chrome));
}
