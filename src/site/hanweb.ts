/**
 * Hanweb (大汉 JCMS) column pages do not put their list in the HTML: the first group of
 * records sits in `<script type="text/xml"><datastore>…<record><![CDATA[<li>…</li>]]>…`,
 * and a jQuery plugin (jpage) renders it and fetches later groups from
 * /module/web/jpage/dataproxy.jsp, which answers with a bare <datastore> document.
 * Both forms are read here. In a bare document the HTML parser keeps each CDATA section
 * as a comment (`<!--[CDATA[…]]-->`), hence the two spellings below.
 */
import { outerHtml, textOf, type PageDom } from "./dom.js";
import { resolveHref } from "./text.js";

const DATASTORE = /<datastore>([\s\S]*?)<\/datastore>/gi;
const RECORD = /<record>\s*(?:<!\[CDATA\[|<!--\[CDATA\[)?([\s\S]*?)(?:\]\]>|\]\]-->)?\s*<\/record>/gi;
const NEXTGROUP = /<nextgroup>\s*(?:<!\[CDATA\[|<!--\[CDATA\[)?([\s\S]*?)(?:\]\]>|\]\]-->)?\s*<\/nextgroup>/i;

export interface HanwebList {
  /** Each record's HTML (usually one <li> or <tr>). */
  records: string[];
  /** The dataproxy address of the next group, without its record range. */
  proxyUrl: string | null;
  totalRecords: number | null;
  totalPages: number | null;
}

/** The datastore blocks of a page: inside text/xml scripts, or the page itself (a dataproxy answer). */
export function readHanwebList(dom: PageDom, pageUrl: string, scripts?: string): HanwebList | null {
  const sources: string[] = [];
  // The scripts' text may be passed in: callers that run after script elements are removed.
  if (scripts !== undefined) {
    if (/<datastore>/i.test(scripts)) sources.push(scripts);
  } else {
    for (const s of dom.scripts) {
      const text = textOf(s);
      if (/<datastore>/i.test(text)) sources.push(text);
    }
  }
  // Script content is text to the parser, so these are the bare ones (a dataproxy answer).
  for (const el of dom.datastores) sources.push(outerHtml(el));
  if (!sources.length) return null;
  const records: string[] = [];
  let proxyUrl: string | null = null;
  let totalRecords: number | null = null;
  let totalPages: number | null = null;
  for (const source of sources) {
    DATASTORE.lastIndex = 0;
    for (let block = DATASTORE.exec(source); block; block = DATASTORE.exec(source)) {
      const body = block[1]!;
      RECORD.lastIndex = 0;
      for (let r = RECORD.exec(body); r; r = RECORD.exec(body)) if (r[1]!.trim()) records.push(r[1]!);
      const next = NEXTGROUP.exec(body)?.[1];
      const href = next ? /href\s*=\s*["']([^"']+)["']/i.exec(next)?.[1] : undefined;
      if (href && !proxyUrl) proxyUrl = resolveHref(href.replace(/&amp;/g, "&"), pageUrl);
      totalRecords ??= numberIn(/<totalrecord>\s*(\d+)\s*<\/totalrecord>/i, body);
      totalPages ??= numberIn(/<totalpage>\s*(\d+)\s*<\/totalpage>/i, body);
    }
  }
  return { records, proxyUrl, totalRecords, totalPages };
}

/**
 * Paging of a jpage list. The column page's script names the sizes
 * (`totalRecord:265, perPage:15, groupSize:3`); the next group is asked for by record
 * range. A dataproxy answer continues from the range in its own URL.
 */
export function hanwebPaging(list: HanwebList, scripts: string, pageUrl: string): { pages: number | null; next: string | null; current: number } {
  const totalRecords = list.totalRecords ?? numberIn(/\btotalRecord\s*[:=]\s*['"]?(\d+)/i, scripts);
  const perPage = numberIn(/\bperPage\s*[:=]\s*['"]?(\d+)/i, scripts);
  const groupSize = numberIn(/\bgroupSize\s*[:=]\s*['"]?(\d+)/i, scripts) ?? 1;
  const own = rangeOf(pageUrl);
  const size = own ? own.end - own.start + 1 : Math.max(list.records.length, (perPage ?? 0) * groupSize);
  const shownPer = own?.perPage ?? perPage;
  let pages = list.totalPages ?? (totalRecords !== null && shownPer ? Math.ceil(totalRecords / shownPer) : null);
  if (pages === null && totalRecords !== null && size) pages = Math.ceil(totalRecords / size);
  const done = own ? own.end : list.records.length;
  const current = own && shownPer ? Math.floor((own.start - 1) / shownPer) + 1 : 1;
  let next: string | null = null;
  const base = own ? pageUrl : list.proxyUrl;
  const more = totalRecords === null ? list.records.length > 0 && (own !== null || list.proxyUrl !== null) : done < totalRecords;
  if (base && more && size > 0) {
    const url = new URL(base);
    url.searchParams.set("startrecord", String(done + 1));
    url.searchParams.set("endrecord", String(done + size));
    url.searchParams.set("perpage", String(shownPer ?? size));
    next = url.href;
  }
  return { pages, next, current };
}

function rangeOf(url: string): { start: number; end: number; perPage: number | null } | null {
  try {
    const params = new URL(url).searchParams;
    const start = Number(params.get("startrecord"));
    const end = Number(params.get("endrecord"));
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 1 || end < start) return null;
    const per = Number(params.get("perpage"));
    return { start, end, perPage: Number.isInteger(per) && per > 0 ? per : null };
  } catch {
    return null;
  }
}

function numberIn(re: RegExp, text: string): number | null {
  const m = re.exec(text);
  return m ? Number(m[1]) : null;
}
