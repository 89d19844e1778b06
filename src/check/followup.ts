/**
 * The follow-up phase: after the crawl and before judging, read what the judgments need
 * and the crawl did not fetch — a matched column's further list pages (bounded by
 * --max-list-pages), the frame its list sits in, the detail pages of items whose list
 * shows no date, and the text of pages whose required fields are to be checked. Only
 * columns that some rule matched are followed, and each only as far as its rules need.
 * Every request counts into the unit's crawl.requests.
 */
import { decodeHtml } from "../crawl/decode.js";
import { fetchUrl, type FetchOptions } from "../crawl/fetch.js";
import type { CrawlResult } from "../crawl/crawler.js";
import type { Rule } from "../rules/types.js";
import { readPage, type PageFacts } from "../site/page.js";
import { CONTENT_PAGE_MIN_CHARS, documentPattern, isGovernmentFrame, itemKey, missingFields, titleMatches, type ColumnContent } from "./content.js";
import { childColumns, findColumn } from "./match.js";
import type { NameMatcher } from "./names.js";

export interface FollowUpOptions {
  /** List pages read per column, the first included. */
  maxListPages: number;
  timeoutMs: number;
  userAgent: string;
  maxBytes: number;
  maxRedirects: number;
  concurrency: number;
  /** --as-of: dates without a year, and which deadlines have passed. */
  asOf: string;
  signal?: AbortSignal;
}

/** Detail pages read per column when its list shows no dates: the newest items sit on top. */
export const DETAIL_DATE_LIMIT = 5;
/** Detail pages read per column when its own page does not show a required field. */
export const FIELD_DETAIL_LIMIT = 3;
/** Frames the crawl did not read (another government host) that are read here. */
const FRAME_LIMIT = 10;
/** Column pages found only inside such frames that are read here. */
const FRAMED_COLUMN_LIMIT = 20;
/** Sub-columns followed for a parent column that lists nothing itself. */
const CHILD_LIMIT = 12;
const NOT_PAGE = /\.(pdf|docx?|xlsx?|pptx?|wps|et|ofd|zip|rar|7z|jpe?g|png|gif|bmp|mp4|mp3|avi|flv|swf|txt|css|js|ico|apk|exe)$/i;

interface Needs {
  documents: RegExp[];
  /** The earliest passed deadline: items dated on or before it are sought. */
  deadline?: string;
  fields: string[];
}

export interface FollowUpResult {
  contents: Map<string, ColumnContent>;
  /** Frames that could not be read: their content (menus, lists) is unknown. */
  frameFailures: Map<string, string>;
  requests: number;
}

type Read = { ok: true; facts: PageFacts; text?: string } | { ok: false; reason: string };

export async function followUp(crawl: CrawlResult, rules: readonly Rule[], names: NameMatcher, options: FollowUpOptions): Promise<FollowUpResult> {
  const model = crawl.model;
  const reader = new Reader(crawl, options);

  // Frames the crawl left alone — a 信息公开 platform on another government host is the
  // usual case — are read and join the model, so the menus inside them are columns.
  const frameFailures = new Map<string, string>();
  const framePages = new Set<string>();
  const frames = new Set<string>();
  for (const page of model.pages.values()) for (const f of page.frames ?? []) if (!model.page(f) && !model.failure(f) && isGovernmentFrame(f, page.url)) frames.add(f);
  for (const frame of [...frames].slice(0, FRAME_LIMIT)) {
    if (options.signal?.aborted) break;
    const got = await reader.read(frame, { anyHost: true });
    if (got.ok) {
      model.addPage(got.facts);
      model.addRedirect(frame, got.facts.url);
      framePages.add(got.facts.url);
    } else frameFailures.set(frame, got.reason);
  }
  if (framePages.size) {
    // A column seen only inside such a frame: its page is read too, or it could not be judged.
    let budget = FRAMED_COLUMN_LIMIT;
    for (const rule of rules) {
      if (!rule.checkable || rule.disabled) continue;
      for (const path of rule.paths) {
        const match = findColumn(model, path, names);
        const url = match?.column.url;
        if (!url || model.page(url) || !framePages.has(match.column.seenOn) || budget-- <= 0) continue;
        const got = await reader.read(url, { anyHost: true });
        if (got.ok) {
          model.addPage(got.facts);
          model.addRedirect(url, got.facts.url);
        } else model.addFailure({ url, reason: got.reason, linkText: match.column.name });
      }
    }
  }

  const targets = new Map<string, Needs>();
  const want = (url: string, rule: Rule) => {
    const needs = targets.get(url) ?? { documents: [], fields: [] };
    needs.documents.push(...rule.documents.map(documentPattern));
    for (const f of rule.fields) if (!needs.fields.includes(f)) needs.fields.push(f);
    const deadline = rule.deadline?.date;
    if (deadline && options.asOf > deadline && (!needs.deadline || deadline < needs.deadline)) needs.deadline = deadline;
    targets.set(url, needs);
  };
  for (const rule of rules) {
    if (!rule.checkable || rule.disabled) continue;
    for (const path of rule.paths) {
      const match = findColumn(model, path, names);
      const url = match?.column.url;
      const page = url ? model.page(url) : undefined;
      if (!match || !page) continue;
      want(page.url, rule);
      if (!page.items.length && !page.emptyMarker && page.contentChars < CONTENT_PAGE_MIN_CHARS) {
        for (const child of childColumns(model, match.column, names).slice(0, CHILD_LIMIT)) {
          const childPage = child.url ? model.page(child.url) : undefined;
          if (childPage) want(childPage.url, rule);
        }
      }
    }
  }

  const contents = new Map<string, ColumnContent>();
  const queue = [...targets];
  const worker = async () => {
    for (let next = queue.shift(); next && !options.signal?.aborted; next = queue.shift()) {
      const [url, needs] = next;
      contents.set(url, await gather(model.page(url)!, needs, reader, options));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return { contents, frameFailures, requests: reader.requests };
}

async function gather(page: PageFacts, needs: Needs, reader: Reader, options: FollowUpOptions): Promise<ColumnContent> {
  const problems: string[] = [];
  let list = page;
  let listText: string | undefined;
  let unreadable: string | undefined;
  if (!page.items.length && !page.emptyMarker) {
    for (const frame of (page.frames ?? []).filter((f) => isGovernmentFrame(f, page.url)).slice(0, 3)) {
      const got = await reader.read(frame, { anyHost: true, needText: needs.fields.length > 0 });
      if (got.ok && (got.facts.items.length || got.facts.emptyMarker)) {
        list = got.facts;
        listText = got.text;
        unreadable = undefined;
        break;
      }
      if (!got.ok) unreadable = `框架页面${frame}无法访问（${got.reason}）`;
    }
    if (list === page && !unreadable && page.scriptLoads?.list && page.contentChars < CONTENT_PAGE_MIN_CHARS) unreadable = `列表由脚本从${page.scriptLoads.list}动态加载`;
  }

  const items = [...list.items];
  const keys = new Set(items.map(itemKey));
  let pagesFollowed = 1;
  const seen = new Set([list.url]);
  for (let cur = list; cur.pagination.next && pagesFollowed < options.maxListPages && !options.signal?.aborted; ) {
    const next = cur.pagination.next;
    if (seen.has(next)) break;
    seen.add(next);
    // Pages the crawl already holds cost nothing; others are fetched only while a rule still needs them.
    if (!reader.has(next) && !needsMorePages(items, needs)) break;
    const got = await reader.read(next, { listHost: list.url });
    if (!got.ok) {
      problems.push(`${next}: ${got.reason}`);
      break;
    }
    const fresh = got.facts.items.filter((i) => !keys.has(itemKey(i)));
    if (!fresh.length) break;
    for (const i of fresh) keys.add(itemKey(i));
    items.push(...fresh);
    pagesFollowed++;
    cur = got.facts;
  }

  const detailPages = new Set<string>();
  if (items.length && !items.some((i) => i.date)) {
    // The list shows no dates: the detail page's 发布日期 (metadata table), else its PubDate meta.
    for (let i = 0; i < Math.min(items.length, DETAIL_DATE_LIMIT) && !options.signal?.aborted; i++) {
      const item = items[i]!;
      if (!item.url || NOT_PAGE.test(safePath(item.url))) continue;
      const got = await reader.read(item.url, { listHost: list.url });
      detailPages.add(item.url);
      if (got.ok && got.facts.published) items[i] = { ...item, date: got.facts.published };
      else if (!got.ok) problems.push(`${item.url}: ${got.reason}`);
    }
  }

  const texts: string[] = [];
  if (needs.fields.length) {
    const own = await reader.read(page.url, { needText: true });
    if (own.ok && own.text) texts.push(own.text);
    else if (!own.ok) problems.push(`${page.url}: ${own.reason}`);
    if (listText) texts.push(listText);
    const titles = items.map((i) => i.title);
    for (let i = 0, read = 0; i < items.length && read < FIELD_DETAIL_LIMIT && missingFields(needs.fields, [...texts, ...titles]).length && !options.signal?.aborted; i++) {
      const url = items[i]!.url;
      if (!url || NOT_PAGE.test(safePath(url))) continue;
      const got = await reader.read(url, { needText: true, listHost: list.url });
      read++;
      detailPages.add(url);
      if (got.ok && got.text) texts.push(got.text);
      else if (!got.ok) problems.push(`${url}: ${got.reason}`);
    }
  }

  return {
    url: page.url,
    ...(list !== page ? { listUrl: list.url } : {}),
    items,
    pagesFollowed,
    pagesDeclared: list.pagination.pages,
    detailPagesRead: detailPages.size,
    ...(list.emptyMarker && !items.length ? { emptyMarker: list.emptyMarker } : {}),
    contentChars: page.contentChars,
    pageTitle: page.title,
    texts,
    ...(unreadable && !items.length ? { unreadable } : {}),
    problems,
  };
}

/** More list pages help while a document, an item dated before the deadline, or any dated item is still unseen. */
function needsMorePages(items: { title: string; date: string | null }[], needs: Needs): boolean {
  if (!items.some((i) => i.date)) return true;
  if (needs.documents.some((re) => !items.some((i) => titleMatches(re, i.title)))) return true;
  if (needs.deadline && !items.some((i) => i.date && i.date <= needs.deadline!)) return true;
  return false;
}

/** Pages read in the follow-up, each fetched at most once; the crawl's pages are used as they are. */
class Reader {
  requests = 0;
  private readonly cache = new Map<string, Promise<Read>>();
  private readonly fetchOptions: FetchOptions;
  private readonly siteHost: string;

  constructor(
    private readonly crawl: CrawlResult,
    private readonly options: FollowUpOptions,
  ) {
    this.siteHost = hostOf(crawl.startUrl);
    this.fetchOptions = {
      timeoutMs: options.timeoutMs,
      maxBytes: options.maxBytes,
      maxRedirects: options.maxRedirects,
      userAgent: options.userAgent,
      // Redirects may go where the list's own links go: the site, or the 信息公开 platform a frame or list points at.
      inScope: (url) => /^https?:/i.test(url),
      signal: options.signal,
    };
  }

  has(url: string): boolean {
    return !!this.crawl.model.page(url);
  }

  read(url: string, how: { needText?: boolean; anyHost?: boolean; listHost?: string } = {}): Promise<Read> {
    const known = this.crawl.model.page(url);
    if (known && !how.needText) return Promise.resolve({ ok: true, facts: known });
    // The crawl keeps the text of the column pages it reached through menus: no second request.
    const text = known && this.crawl.model.text(url);
    if (known && typeof text === "string") return Promise.resolve({ ok: true, facts: known, text });
    const host = hostOf(url);
    if (!how.anyHost && host !== this.siteHost && host !== hostOf(how.listHost ?? "")) return Promise.resolve({ ok: false, reason: "outside the site" });
    let pending = this.cache.get(url);
    if (!pending) {
      pending = this.fetch(url);
      this.cache.set(url, pending);
    }
    return pending;
  }

  private async fetch(url: string): Promise<Read> {
    // The crawl's own client when there is one: per-host politeness, robots.txt, TLS/proxy, cache, snapshot (and offline replay).
    const outcome = this.crawl.fetch ? await this.crawl.fetch(url, { inScope: this.fetchOptions.inScope }) : await fetchUrl(url, this.fetchOptions);
    // HTTP exchanges, redirects and retries included (crawl.fetch does not add them to the crawl's stats).
    this.requests += outcome.hops ?? 1;
    if (!outcome.ok) return { ok: false, reason: outcome.reason };
    const type = outcome.headers["content-type"] ?? "";
    // Hanweb's dataproxy.jsp answers text/xml; some servers label pages octet-stream.
    const looksLikeMarkup = /^\s*(\ufeff)?</.test(outcome.body.subarray(0, 512).toString("latin1"));
    if (type && !/html|xml|text\/plain/i.test(type) && !looksLikeMarkup) return { ok: false, reason: `not a page (${type})` };
    const html = decodeHtml(outcome.body, type).text;
    const { facts, mainText: text } = readPage(html, outcome.finalUrl, { referenceDate: this.options.asOf });
    return { ok: true, facts, text };
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return "";
  }
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "";
  }
}
