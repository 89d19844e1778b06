/**
 * The site model: what a crawl learned about a site's columns, without keeping any page's
 * HTML. Columns come from breadcrumbs (most reliable), the ColumnName meta, navigation
 * trees and plain link texts (least reliable), each tagged with its source so the matcher
 * can prefer the better evidence and the report can show it.
 */
import type { PageFacts } from "./page.js";
import type { Pagination } from "./list.js";
import type { Crumb } from "./breadcrumb.js";
import { walkNav, type NavNode } from "./nav.js";
import { detach } from "./text.js";

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
  /**
   * Main text of some fetched pages (column pages the crawl reached through menus), by the
   * page's URL: a rule's required fields are sought in it without fetching the page again.
   */
  private readonly texts = new Map<string, string>();
  private columnCache: Column[] | null = null;
  private readonly shared = new SharedFacts();

  addPage(facts: PageFacts): void {
    if (this.pages.size === 0) this.homeLinks = new Set(facts.links.map((l) => l.url));
    // Links are crawl instructions; once the crawler has them the model need not hold them.
    // Article pages' menus repeat the column pages' menus: keeping one copy per column page is enough.
    const kept = this.shared.copy({ ...facts, links: [], nav: facts.kind === "detail" ? [] : facts.nav });
    this.pages.set(kept.url, kept);
    this.columnCache = null;
  }

  /** Keeps a page's main text, copied out of the page (see `detach`). */
  addText(url: string, text: string): void {
    this.texts.set(url, detach(text));
  }

  /** The main text kept for a fetched page, following a recorded redirect. */
  text(url: string): string | undefined {
    return this.texts.get(url) ?? this.texts.get(this.redirects.get(url) ?? "");
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

/**
 * Copies page facts for the model to keep, sharing what repeats from page to page.
 *
 * A full crawl keeps the facts of every page, so what one page costs is what the model grows by:
 * the 10,000 articles of a site repeat the same few breadcrumb trails, site names, column names,
 * publishing units and dates. Short strings are kept once (a pool); identical breadcrumb trails,
 * menus and pagers are one frozen copy. Copying also matters on its own: a string cut from a page
 * (a title, a name) is a V8 slice that would pin the page's whole HTML in memory (see `detach`).
 */
class SharedFacts {
  /** Strings short enough to repeat (names, dates, units); a title or an 索引号 is stored once anyway. */
  private static readonly POOLED_CHARS = 48;
  /** Bounds on what is remembered for sharing, so a site where nothing repeats costs no more than before. */
  private static readonly MAX_STRINGS = 100_000;
  private static readonly MAX_SHAPES = 2_000;
  private readonly strings = new Map<string, string>();
  private readonly shapes = new Map<string, object>();

  copy(facts: PageFacts): PageFacts {
    const copy = this.value(facts) as PageFacts;
    copy.breadcrumb = this.shape("trail", copy.breadcrumb) as Crumb[];
    // Column and list pages repeat the site's menu and 信息公开目录 tree: one copy per distinct tree.
    copy.nav = this.shape("nav", copy.nav) as NavNode[];
    copy.pagination = this.shape("paging", copy.pagination) as Pagination;
    return copy;
  }

  private string(s: string): string {
    if (s.length > SharedFacts.POOLED_CHARS) return detach(s);
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    const own = detach(s);
    if (this.strings.size < SharedFacts.MAX_STRINGS) this.strings.set(own, own);
    return own;
  }

  private value(v: unknown): unknown {
    if (typeof v === "string") return this.string(v);
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.length ? v.map((x) => this.value(x)) : NONE;
    const out: Record<string, unknown> = {};
    // undefined members are left out, as the JSON round trip this replaces left them out.
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = this.value(x);
    return Object.keys(out).length ? out : NOTHING;
  }

  /**
   * One frozen copy per distinct value of a part that repeats from page to page: the
   * breadcrumb trail every article of a column shows, a menu, an empty or one-page pager.
   * Frozen, because it is shared: a change through one page would show on all of them.
   */
  private shape(kind: string, value: object): object {
    const key = `${kind}\u0000${JSON.stringify(value)}`;
    const known = this.shapes.get(key);
    if (known) return known;
    // A site whose trails end in each article's own title shares nothing: stop remembering.
    if (this.shapes.size >= SharedFacts.MAX_SHAPES) return value;
    deepFreeze(value);
    this.shapes.set(key, value);
    return value;
  }
}

/** The empty list and the empty record most pages have (no frames, no script loads …), shared. */
const NONE: readonly never[] = Object.freeze([]);
const NOTHING: Readonly<Record<string, never>> = Object.freeze({});

function deepFreeze(value: object): void {
  Object.freeze(value);
  for (const v of Object.values(value)) if (v !== null && typeof v === "object" && !Object.isFrozen(v)) deepFreeze(v as object);
}
