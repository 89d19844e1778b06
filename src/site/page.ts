/**
 * One page → the facts zwgk needs from it (PageFacts). Nothing here fetches; the DOM is
 * dropped when this returns, so a crawl holds only small summaries.
 */
import { load, type CheerioAPI } from "cheerio";
import { BREADCRUMB_CONTAINERS, extractBreadcrumb, type Crumb } from "./breadcrumb.js";
import { extractItems, extractPagination, findEmptyMarker, type ListItem, type Pagination } from "./list.js";
import { ownTitle, readMeta, readMetadataTable, shownDate, type PageMeta } from "./meta.js";
import { extractNav, NAV_CONTAINERS, walkNav, type NavNode } from "./nav.js";
import { guideElementsIn, readSiteMarks, type SiteMarks } from "./marks.js";
import { detectScriptLoads, extractScriptMenus, type ScriptLoads } from "./scripted.js";
import { cleanText, resolveHref } from "./text.js";

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
  /** Footer identity marks (conac, 网站标识码, ICP, 公安备案, 找错) for the national indicators. */
  marks: SiteMarks;
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

export function parseHtml(html: string): CheerioAPI {
  // htmlparser2 backend: about 3× parse5's speed on these pages (DESIGN.md §6) and it
  // recovers from the unclosed tags these CMSs emit well enough for navigation.
  return load(html, { xml: { xmlMode: false, decodeEntities: true } });
}

export function extractPage(html: string, url: string, options: ExtractOptions = {}): PageFacts {
  const $ = parseHtml(html);
  const scripts = $("script")
    .toArray()
    .map((s) => $(s).text())
    .join("\n");
  const meta = readMeta($);
  const breadcrumb = extractBreadcrumb($, url);
  // Menus a script builds from inline data are navigation like any other.
  const nav = [...extractNav($, url), ...extractScriptMenus(scripts, url)];
  const items = extractItems($, url, options.referenceDate);
  $("script, style, noscript, template").remove();
  const visibleText = cleanText($("body").text() || $.root().text());
  const pagination = extractPagination($, scripts, visibleText, url);
  const links = collectLinks($, url, nav, breadcrumb, items, pagination);
  // Content text is what is left once menus, breadcrumbs, header and footer are gone.
  $(`${NAV_CONTAINERS}, ${BREADCRUMB_CONTAINERS}, header, footer, [class*="header" i], [class*="footer" i], [id*="header" i], [id*="footer" i]`).remove();
  const contentChars = Math.max(0, ...$(CONTENT_CONTAINERS).toArray().map((el) => cleanText($(el).text()).length));
  // A list of dated rows is a list page; its 发布日期 labels are the rows', not the page's.
  const datedItems = items.filter((i) => i.date).length;
  const metadata = datedItems >= 3 ? {} : readMetadataTable(visibleText);
  const kind = pageKind(url, meta, metadata);
  const published = kind === "detail" || datedItems < 3 ? (shownDate(metadata) ?? meta.pubDateMeta ?? null) : null;
  let title = ownTitle($, meta);
  // Some CMSs title every page with the site's name; the breadcrumb then names the page.
  if ((title === meta.siteName || title === meta.columnName) && breadcrumb.length > 1) title = breadcrumb[breadcrumb.length - 1]!.name;
  const isGuide = /办事指南|服务指南/.test(title);
  return {
    url,
    title,
    marks: readSiteMarks(html, meta.siteIdCode),
    ...(isGuide ? { guideElements: guideElementsIn(visibleText) } : {}),
    kind,
    meta,
    breadcrumb,
    published,
    metadata,
    nav,
    items,
    contentChars,
    emptyMarker: items.length ? undefined : findEmptyMarker(visibleText),
    pagination,
    links,
    frames: links.filter((l) => l.kind === "frame").map((l) => l.url),
    scriptLoads: detectScriptLoads(scripts),
  };
}

const CONTENT_CONTAINERS = '.TRS_Editor, article, #zoom, .zoom, [class*="content" i], [id*="content" i], [class*="article" i], [class*="detail" i], [class*="main-txt" i], [class*="text" i]';

function pageKind(url: string, meta: PageMeta, metadata: Record<string, string>): PageKind {
  const path = new URL(url).pathname;
  if (/^\/(index\.(s?html?|jsp|php|aspx?))?$/i.test(path)) return "home";
  if (meta.articleTitle || metadata["索引号"] || /\/t\d{8}_\d+\.s?html?$|content_\d+\.s?html?$|\/art\/\d{4}\/|\/\d{6}\/[0-9a-f]{16,}\.s?html?$/i.test(path)) return "detail";
  return "column";
}

function collectLinks($: CheerioAPI, pageUrl: string, nav: NavNode[], crumbs: Crumb[], items: ListItem[], pagination: Pagination): PageLink[] {
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
  $("iframe[src], frame[src]").each((_, f) => add(resolveHref($(f).attr("src"), pageUrl), cleanText($(f).attr("title")), "frame"));
  for (const item of items) add(item.url, item.title, "item");
  $("a[href]").each((_, a) => {
    const url = resolveHref($(a).attr("href"), pageUrl);
    if (url && !kinds.has(url)) add(url, cleanText($(a).text()), "other");
  });
  return [...kinds.values()];
}

const RANKS: Record<LinkKind, number> = { nav: 0, breadcrumb: 1, frame: 2, paging: 3, other: 4, item: 5 };
function rank(kind: LinkKind): number {
  return RANKS[kind];
}
