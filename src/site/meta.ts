/** Page identity: its own title, the CMS meta tags, and the 信息公开 metadata table. */
import { parseFullDate } from "./dates.js";
import { BLOCK_EDGE, textOf, type PageDom } from "./dom.js";
import { cleanText } from "./text.js";

export interface PageMeta {
  siteName?: string;
  siteIdCode?: string;
  columnName?: string;
  articleTitle?: string;
  /** The PubDate meta as YYYY-MM-DD (sometimes the page's rebuild time, not its publication). */
  pubDateMeta?: string;
}

export function readMeta(dom: PageDom): PageMeta {
  const byName = new Map<string, string | undefined>();
  for (const m of dom.metas) {
    const name = m.attribs.name?.toLowerCase();
    // The first tag of a name wins, as `meta[name=… i]`.first() had it.
    if (name !== undefined && !byName.has(name)) byName.set(name, m.attribs.content);
  }
  const get = (name: string) => cleanText(byName.get(name.toLowerCase())) || undefined;
  const pub = get("PubDate") ?? get("pubdate") ?? get("publishdate");
  return {
    siteName: get("SiteName"),
    siteIdCode: get("SiteIDCode"),
    columnName: get("ColumnName"),
    articleTitle: get("ArticleTitle"),
    pubDateMeta: pub ? (parseFullDate(pub) ?? undefined) : undefined,
  };
}

const SITE_NAME_LIKE = /(人民政府|政府|门户网站|网站|网|委员会|办公厅|办公室|厅|局|部|委|中心|平台)$/;
const TITLE_SEPARATORS = ["_", "｜", "|", " - ", " — ", " – ", "－", "-", "—", "–"];

/** The page's own title: ArticleTitle meta, else <title> without its site-name part. */
export function ownTitle(dom: PageDom, meta: PageMeta): string {
  if (meta.articleTitle) return meta.articleTitle;
  const full = cleanText(dom.title ? textOf(dom.title) : "");
  if (!full) return cleanText(dom.h1 ? textOf(dom.h1) : "");
  const isSiteName = (s: string) => {
    const t = cleanText(s);
    return !!t && (t === meta.siteName || (t.length <= 24 && SITE_NAME_LIKE.test(t)));
  };
  for (const sep of TITLE_SEPARATORS) {
    const last = full.lastIndexOf(sep);
    if (last > 0 && isSiteName(full.slice(last + sep.length))) return cleanText(full.slice(0, last));
    const first = full.indexOf(sep);
    if (first > 0 && isSiteName(full.slice(0, first))) return cleanText(full.slice(first + sep.length));
  }
  return full;
}

/** Labels of the metadata table (索引号 / 发布机构 / 发布日期 …) on 信息公开 detail pages. */
export const METADATA_LABELS = ["索引号", "主题分类", "发布机构", "发文机关", "文号", "发文字号", "成文日期", "生成日期", "发布日期", "发布时间", "发文日期", "公开方式", "公开范围", "公开时限", "责任部门", "有效性"] as const;
const DATE_LABELS = ["发布日期", "发布时间", "发文日期", "生成日期", "成文日期"];
const LABEL_RE = new RegExp(`(${METADATA_LABELS.map((l) => l.split("").join("\\s*")).join("|")})\\s*[:：]?\\s*`, "g");

/**
 * The metadata table as label → value. A value is the text after its label up to the next
 * label or the end of the block it sits in, which covers <td>label</td><td>value</td>,
 * <dd><label>label：</label><div>value</div></dd> and "label：value" runs alike. The last
 * value of a table ends with its cell: the title or the article after it is not part of it.
 *
 * `text` is the page's text with block edges marked (visibleText with `edges`); plain text
 * works too, each value then running to the next label (at most 80 characters).
 */
export function readMetadataTable(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const hits = [...text.matchAll(LABEL_RE)];
  for (let i = 0; i < hits.length; i++) {
    const hit = hits[i]!;
    const label = hit[1]!.replace(/\s+/g, "");
    let start = hit.index! + hit[0].length;
    const end = Math.min(i + 1 < hits.length ? hits[i + 1]!.index! : text.length, start + 80);
    // The value's own cell may start after the label's cell ends: skip the edges between them,
    // two at most (</td><td>). Past more (</th></tr></table><p>) the label was a heading.
    let edges = 0;
    for (; start < end && (text[start] === BLOCK_EDGE || /\s/.test(text[start]!)); start++) if (text[start] === BLOCK_EDGE) edges++;
    if (edges > 2) continue;
    const edge = text.indexOf(BLOCK_EDGE, start);
    const value = cleanText(text.slice(start, edge >= 0 && edge < end ? edge : end));
    if (value && !(label in out) && !/^[:：]/.test(value)) out[label] = value;
  }
  return out;
}

/** The date the page shows; the shown date wins over a PubDate meta that disagrees (DESIGN.md §3). */
export function shownDate(metadata: Record<string, string>): string | null {
  for (const label of DATE_LABELS) {
    const value = metadata[label];
    const date = value ? parseFullDate(value) : null;
    if (date) return date;
  }
  return null;
}
