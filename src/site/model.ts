/**
 * The site model: what a crawl learned about a site's columns, without keeping any page's
 * HTML. Columns come from breadcrumbs (most reliable), the ColumnName meta, navigation
 * trees and plain link texts (least reliable), each tagged with its source so the matcher
 * can prefer the better evidence and the report can show it.
 */
import type { PageFacts } from "./page.js";
import { walkNav } from "./nav.js";

export type ColumnSource = "breadcrumb" | "meta" | "nav" | "link";

export interface Column {
  name: string;
  url: string | null;
  /** Names of the columns above it (首页 excluded), outermost first. */
  ancestors: string[];
  source: ColumnSource;
  /** The page on which this column was seen. */
  seenOn: string;
  /** The breadcrumb as displayed on the page that showed it, for evidence. */
  breadcrumb?: string[];
}

export interface FailedUrl {
  url: string;
  reason: string;
  status?: number;
  /** The link text that led to it, so a failed link can be tied to the column it names. */
  linkText?: string;
  /** Why, as a category (forbidden, challenge, waf, timeout, robots …: FailureKind). */
  kind?: string;
  /** What kind of link led to it (nav, frame, paging, other …): a failed menu link may hide columns. */
  via?: string;
}

/** A non-HTML target (PDF, DOC, XLS, ZIP …) recorded by its link, never downloaded. */
export interface DocumentLink {
  url: string;
  /** The link text: usually the document's title (市场准入负面清单（2020年版）). */
  text: string;
  /** pdf, doc, docx, xls, xlsx, zip … from the URL's extension or the Content-Type. */
  type: string;
  /** The page that links to it. */
  foundOn: string;
}

const GENERIC_LINK_TEXT = /^(\s*|下载|附件\S{0,4}|点击(此处)?(下载|查看)|查看|详情|pdf|doc|docx|xls|xlsx|\S{0,3}下载)$/i;
const HOME = /^(首页|网站首页|主页|返回首页|home)$/i;
const DETAIL_TAIL = /^(正文|详情|详细信息|内容|文章|浏览)$/;

export class SiteModel {
  readonly pages = new Map<string, PageFacts>();
  readonly failures = new Map<string, FailedUrl>();
  /** URLs redirected elsewhere: original → final. */
  readonly redirects = new Map<string, string>();
  /** Links on the start page: a broken link there weighs more in the national indicators. */
  homeLinks = new Set<string>();
  /** Documents linked from fetched pages, by URL. */
  readonly documents = new Map<string, DocumentLink>();
  private columnCache: Column[] | null = null;

  addPage(facts: PageFacts): void {
    if (this.pages.size === 0) this.homeLinks = new Set(facts.links.map((l) => l.url));
    // Links are crawl instructions; once the crawler has them the model need not hold them.
    // Article pages' menus repeat the column pages' menus: keeping one copy per column page is enough.
    const kept: PageFacts = { ...facts, links: [], nav: facts.kind === "detail" ? [] : facts.nav };
    // Strings cut from a page (titles, names) are V8 slices that pin the page's whole HTML in
    // memory; a JSON round trip copies them out, so the model holds facts, not pages.
    this.pages.set(facts.url, JSON.parse(JSON.stringify(kept)) as PageFacts);
    this.columnCache = null;
  }

  addFailure(failure: FailedUrl): void {
    this.failures.set(failure.url, failure);
    this.columnCache = null;
  }

  addDocument(doc: DocumentLink): void {
    // Keep the link text that names the document over 下载 / 附件 / 点击查看.
    const known = this.documents.get(doc.url);
    if (!known || (GENERIC_LINK_TEXT.test(known.text) && !GENERIC_LINK_TEXT.test(doc.text))) this.documents.set(doc.url, doc);
  }

  addRedirect(from: string, to: string): void {
    if (from !== to) this.redirects.set(from, to);
  }

  /** The fetched page at a URL, following a recorded redirect. */
  page(url: string): PageFacts | undefined {
    return this.pages.get(url) ?? this.pages.get(this.redirects.get(url) ?? "");
  }

  failure(url: string): FailedUrl | undefined {
    return this.failures.get(url);
  }

  /** Every column seen, once: the same menu on a thousand pages is one set of columns. */
  columns(): Column[] {
    if (this.columnCache) return this.columnCache;
    const out: Column[] = [];
    const seen = new Set<string>();
    const push = (c: Column) => {
      const key = `${c.source}\u0000${c.name}\u0000${c.url ?? ""}\u0000${c.ancestors.join("\u0001")}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push(c);
    };
    for (const page of this.pages.values()) {
      const crumbs = page.breadcrumb.filter((c, i) => !(i === 0 && HOME.test(c.name)));
      if (page.kind === "detail" && crumbs.length && (DETAIL_TAIL.test(crumbs[crumbs.length - 1]!.name) || crumbs[crumbs.length - 1]!.name === page.title)) crumbs.pop();
      const shown = page.breadcrumb.map((c) => c.name);
      crumbs.forEach((c, i) => {
        const isLast = i === crumbs.length - 1;
        const url = c.url ?? (isLast && page.kind !== "detail" ? page.url : null);
        push({ name: c.name, url, ancestors: crumbs.slice(0, i).map((x) => x.name), source: "breadcrumb", seenOn: page.url, breadcrumb: shown });
      });
      if (page.kind === "column" && !crumbs.length && page.meta.columnName && page.meta.columnName !== page.meta.siteName) {
        push({ name: page.meta.columnName, url: page.url, ancestors: [], source: "meta", seenOn: page.url });
      }
      for (const { node, ancestors } of walkNav(page.nav)) {
        if (node.name) push({ name: node.name, url: node.url, ancestors, source: "nav", seenOn: page.url });
      }
    }
    this.columnCache = out;
    return out;
  }
}
