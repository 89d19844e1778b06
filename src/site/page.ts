/**
 * One page → the facts zwgk needs from it (PageFacts). Nothing here fetches; the DOM is
 * dropped when this returns, so a crawl holds only small summaries.
 */
import { extractBreadcrumb, type Crumb } from "./breadcrumb.js";
import { dateUnderTitle } from "./dates.js";
import { BLOCK_EDGE, insideAny, parseDom, textOf, visibleText, type PageDom } from "./dom.js";
import { extractItems, extractPagination, findEmptyMarker, mainText, type ListItem, type Pagination } from "./list.js";
import { ownTitle, readMeta, readMetadataTable, shownDate, type PageMeta } from "./meta.js";
import { extractNav, walkNav, type NavNode } from "./nav.js";
import { guideElementsIn, readSiteMarks, type SiteMarks } from "./marks.js";
import { detectScriptLoads, extractScriptMenus, type ScriptLoads } from "./scripted.js";
import { cleanText, resolveHref } from "./text.js";
import type { Element } from "domhandler";

export type PageKind = "home" | "column" | "detail";
export type LinkKind = "nav" | "breadcrumb" | "paging" | "frame" | "item" | "other";

export interface PageLink {
  url: string;
  text: string;
  kind: LinkKind;
}

export interface PageFacts {
  url: string;
  /** The page's own title, without the site-name suffix. */
  title: string;
  kind: PageKind;
  meta: PageMeta;
  breadcrumb: Crumb[];
  /** The date the page shows as its publication (metadata table, else PubDate meta). */
  published: string | null;
  /** 索引号 / 发布机构 / 发布日期 … as shown. */
  metadata: Record<string, string>;
  nav: NavNode[];
  items: ListItem[];
  /**
   * Footer identity marks (conac, 网站标识码, ICP, 公安备案, 找错) for the national indicators,
   * which look at the home page's: read on home and column pages, not on article pages (most
   * of a crawl, and six scans of the whole markup each).
   */
  marks?: SiteMarks;
  /** 办事指南 key elements the page's text names (only for pages titled as a guide). */
  guideElements?: string[];
  /** Characters of article/content text: a column can be one content page (联系我们) rather than a list. */
  contentChars: number;
  /** 暂无信息 and its kin, when the page says it has nothing. */
  emptyMarker?: string;
  pagination: Pagination;
  links: PageLink[];
  /** iframe/frame sources: a column's list or tree may sit in one (links are dropped from the model, these stay). */
  frames?: string[];
  /** Lists or menus a script fetches at run time, which zwgk cannot read. */
  scriptLoads?: ScriptLoads;
}

export interface ExtractOptions {
  /** The day dates without a year are read against (the check's --as-of). */
  referenceDate?: string;
}

/** Parses a page and indexes its elements in one walk (see dom.ts). */
export function parseHtml(html: string): PageDom {
  // htmlparser2: about 3× parse5's speed on these pages (DESIGN.md §6) and it recovers
  // from the unclosed tags these CMSs emit well enough for navigation.
  return parseDom(html);
}

export function extractPage(html: string, url: string, options: ExtractOptions = {}): PageFacts {
  return read(html, url, options, false).facts;
}

/** The page's facts and its main text (what required fields are sought in), from one parse. */
export function readPage(html: string, url: string, options: ExtractOptions = {}): { facts: PageFacts; mainText: string } {
  const { facts, mainText } = read(html, url, options, true);
  return { facts, mainText: mainText ?? "" };
}

/**
 * The page's facts, and its main text only when `wanted(facts)` says it will be read later:
 * the crawl keeps column pages' text for the follow-up's required-field checks, not every
 * article's. One parse either way.
 */
export function readPageIf(html: string, url: string, options: ExtractOptions, wanted: (facts: PageFacts) => boolean): { facts: PageFacts; mainText?: string } {
  return read(html, url, options, wanted);
}

function read(html: string, url: string, options: ExtractOptions, withMainText: boolean | ((facts: PageFacts) => boolean)): { facts: PageFacts; mainText?: string } {
  const dom = parseHtml(html);
  const scripts = dom.scripts.map((s) => textOf(s)).join("\n");
  const meta = readMeta(dom);
  const breadcrumb = extractBreadcrumb(dom, url);
  // Menus a script builds from inline data are navigation like any other.
  const nav = [...extractNav(dom, url), ...extractScriptMenus(scripts, url)];
  const items = extractItems(dom, url, options.referenceDate);
  // One walk gives the text with block edges marked (the metadata table's cells) and, without
  // the marks, the text as shown.
  const edged = dom.bodies.length ? dom.bodies.map((b) => visibleText(b, undefined, true)).join("") : visibleText(dom.root, undefined, true);
  const shown = cleanText(edged.replaceAll(BLOCK_EDGE, ""));
  const pagination = extractPagination(dom, scripts, shown, url);
  const links = collectLinks(dom, url, nav, breadcrumb, items, pagination);
  // Content text is what is left once menus, breadcrumbs, header and footer are gone.
  const contentChars = contentLength(dom);
  // A list of dated rows is a list page; its 发布日期 labels are the rows', not the page's.
  const datedItems = items.filter((i) => i.date).length;
  const metadata = datedItems >= 3 ? {} : readMetadataTable(edged);
  const kind = pageKind(url, meta, metadata);
  let title = ownTitle(dom, meta);
  // Some CMSs title every page with the site's name; the breadcrumb then names the page.
  if ((title === meta.siteName || title === meta.columnName) && breadcrumb.length > 1) title = breadcrumb[breadcrumb.length - 1]!.name;
  // The shown date first (metadata table), then the PubDate meta; an article with neither
  // (news-portal style) still shows its date in the line under its title.
  const published =
    kind === "detail" || datedItems < 3 ? (shownDate(metadata) ?? meta.pubDateMeta ?? (kind === "detail" ? dateUnderTitle(shown, title) : null)) : null;
  const isGuide = /办事指南|服务指南/.test(title);
  const facts: PageFacts = {
    url,
    title,
    ...(kind !== "detail" ? { marks: readSiteMarks(html, meta.siteIdCode) } : {}),
    ...(isGuide ? { guideElements: guideElementsIn(shown) } : {}),
    kind,
    meta,
    breadcrumb,
    published,
    metadata,
    nav,
    items,
    contentChars,
    emptyMarker: items.length ? undefined : findEmptyMarker(shown),
    pagination,
    links,
    frames: links.filter((l) => l.kind === "frame").map((l) => l.url),
    scriptLoads: detectScriptLoads(scripts),
  };
  const wanted = typeof withMainText === "function" ? withMainText(facts) : withMainText;
  return wanted ? { facts, mainText: mainText(dom) } : { facts };
}

/**
 * The longest content block's text, menus and chrome left out. Only the outermost blocks are
 * measured: a block's text contains every block inside it.
 */
function contentLength(dom: PageDom): number {
  const chrome = dom.chrome;
  let longest = 0;
  const measured = new Set<Element>(dom.content);
  for (const el of dom.content) {
    if (insideAny(el, chrome)) continue;
    let nested = false;
    for (let p = el.parent; p; p = p.parent) {
      if (measured.has(p as Element) && !insideAny(p, chrome)) {
        nested = true;
        break;
      }
    }
    if (nested) continue;
    longest = Math.max(longest, cleanText(visibleText(el, chrome)).length);
  }
  return longest;
}

function pageKind(url: string, meta: PageMeta, metadata: Record<string, string>): PageKind {
  const path = new URL(url).pathname;
  if (/^\/(index\.(s?html?|jsp|php|aspx?))?$/i.test(path)) return "home";
  if (meta.articleTitle || metadata["索引号"] || /\/t\d{8}_\d+\.s?html?$|content_\d+\.s?html?$|\/art\/\d{4}\/|\/\d{6}\/[0-9a-f]{16,}\.s?html?$/i.test(path)) return "detail";
  return "column";
}

function collectLinks(dom: PageDom, pageUrl: string, nav: NavNode[], crumbs: Crumb[], items: ListItem[], pagination: Pagination): PageLink[] {
  const kinds = new Map<string, PageLink>();
  const add = (url: string | null, text: string, kind: LinkKind) => {
    if (!url || url === pageUrl) return;
    const known = kinds.get(url);
    // A link seen both in a menu and in a list is navigation: that decides its crawl priority.
    if (!known || rank(kind) < rank(known.kind)) kinds.set(url, { url, text, kind });
  };
  for (const { node } of walkNav(nav)) add(node.url, node.name, "nav");
  for (const c of crumbs) add(c.url, c.name, "breadcrumb");
  add(pagination.next, "下一页", "paging");
  for (const f of dom.frames) add(resolveHref(f.attribs.src, pageUrl), cleanText(f.attribs.title), "frame");
  for (const item of items) add(item.url, item.title, "item");
  for (const a of dom.shownAnchors) {
    const url = resolveHref(a.attribs.href, pageUrl);
    if (url && !kinds.has(url)) add(url, cleanText(textOf(a)), "other");
  }
  return [...kinds.values()];
}

const RANKS: Record<LinkKind, number> = { nav: 0, breadcrumb: 1, frame: 2, paging: 3, other: 4, item: 5 };
function rank(kind: LinkKind): number {
  return RANKS[kind];
}
