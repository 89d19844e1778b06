/**
 * What is inside a column that exists: its items across the pages zwgk read, and the
 * judgments an inspector makes on them — is anything current (stale), is the named
 * document there (document-missing), are the required fields shown (名称、地址、联系电话、
 * 办公时间 …), was it published by the deadline (overdue). docs/content-checks.md is the
 * user-facing account of every rule here.
 */
import type { Rule } from "../rules/types.js";
import type { ListItem } from "../site/list.js";
import type { PageFacts } from "../site/page.js";
import type { SiteModel } from "../site/model.js";
import { daysBetween } from "../site/dates.js";
import type { Evidence, Status } from "../report/types.js";

/** A column's content as read: the column page, its list pages, its frame, its items' detail pages. */
export interface ColumnContent {
  /** The column page. */
  url: string;
  /** The page the list was read from, when it is not the column page (an iframe). */
  listUrl?: string;
  /** Every item read, in list order, pages in order; dates filled from detail pages where the list shows none. */
  items: ListItem[];
  /** List pages read, the first included. */
  pagesFollowed: number;
  /** Pages the list says it has. */
  pagesDeclared: number | null;
  /** Detail pages read for dates or fields. */
  detailPagesRead: number;
  emptyMarker?: string;
  contentChars: number;
  /** The column page's own title (a one-page column is its own document). */
  pageTitle: string;
  /** Main text (menus, header and footer removed) of the pages read for required fields. */
  texts: string[];
  /** Why the content could not be read, when it could not: a frame that failed, a list loaded by script. */
  unreadable?: string;
  /** Follow-up fetches that failed (they do not make the column unreachable on their own). */
  problems: string[];
}

/** The content of a column as far as the crawl alone saw it: its page, any paging and frame pages the crawl fetched. */
export function contentFromModel(page: PageFacts, model: SiteModel, maxListPages = Infinity): ColumnContent {
  let list = page;
  let listUrl: string | undefined;
  let unreadable: string | undefined;
  if (!page.items.length && !page.emptyMarker) {
    for (const frame of page.frames ?? []) {
      const framed = model.page(frame);
      if (framed?.items.length || framed?.emptyMarker) {
        list = framed;
        listUrl = framed.url;
        break;
      }
      const failed = model.failure(frame);
      if (failed) unreadable = `框架页面${frame}无法访问（${failed.reason}）`;
    }
    if (list === page && !unreadable && page.scriptLoads?.list && page.contentChars < CONTENT_PAGE_MIN_CHARS) unreadable = `列表由脚本从${page.scriptLoads.list}动态加载`;
  }
  const items = [...list.items];
  const keys = new Set(items.map(itemKey));
  let pagesFollowed = 1;
  const seen = new Set([list.url]);
  for (let next = list.pagination.next; next && pagesFollowed < maxListPages && !seen.has(next); ) {
    seen.add(next);
    const p = model.page(next);
    if (!p) break;
    const fresh = p.items.filter((i) => !keys.has(itemKey(i)));
    if (!fresh.length) break;
    for (const i of fresh) keys.add(itemKey(i));
    items.push(...fresh);
    pagesFollowed++;
    next = p.pagination.next;
  }
  return {
    url: page.url,
    ...(listUrl ? { listUrl } : {}),
    items,
    pagesFollowed,
    pagesDeclared: list.pagination.pages,
    detailPagesRead: 0,
    ...(list.emptyMarker && !items.length ? { emptyMarker: list.emptyMarker } : {}),
    contentChars: page.contentChars,
    pageTitle: page.title,
    texts: [],
    ...(unreadable && !items.length ? { unreadable } : {}),
    problems: [],
  };
}

/** Frames that can hold navigation: the site's own, or another government host's (a 信息公开 platform); not widgets. */
export function isGovernmentFrame(frame: string, pageUrl: string): boolean {
  try {
    const host = new URL(frame).hostname;
    const own = new URL(pageUrl).hostname;
    return host.replace(/^www\./, "") === own.replace(/^www\./, "") || /\.gov\.cn$/i.test(host);
  } catch {
    return false;
  }
}

export function itemKey(item: ListItem): string {
  return `${item.url ?? ""}\u0000${item.title}`;
}

/** A column that is one page of text (联系我们, 机关简介) rather than a list counts when it says this much. */
export const CONTENT_PAGE_MIN_CHARS = 60;

// ---------------------------------------------------------------------------------------
// Freshness (stale)

export interface FreshnessKind {
  kind: string;
  /** The kind as an inspector names it. */
  kindZh: string;
  /** Column names of this kind (tested against the rule's column, then the site's name for it). */
  pattern: RegExp;
  /** The window in days; null: columns of this kind are not expected to change. */
  days: number | null;
  basis: string;
}

/**
 * Default freshness windows by kind of column, first match wins. A rule's own
 * `freshness.days` overrides them. The news / notice / personnel-and-plans windows are
 * the national government-website inspection's (全国政府网站普查) "栏目不更新" thresholds.
 */
export const DEFAULT_FRESHNESS: readonly FreshnessKind[] = [
  { kind: "reference", kindZh: "指南制度类", pattern: /指南|制度|简介|职能|职责|机构设置|领导信息|领导分工|联系我们|联系方式|依申请公开/, days: null, basis: "说明性栏目，内容不随时间更新" },
  { kind: "annual", kindZh: "年度报告类", pattern: /年报|年度报告|预算|决算|预决算|统计公报/, days: 396, basis: "按年度公开：一年，另留一个月发布期" },
  { kind: "news", kindZh: "动态要闻类", pattern: /动态|要闻|新闻|快讯|资讯|图片/, days: 14, basis: "国办秘函〔2019〕19号（全国政府网站普查）：动态、要闻类栏目2周未更新" },
  { kind: "notice", kindZh: "通知公告、政策文件类", pattern: /通知|公告|公示|通告|政策|文件|解读|规章|规范性/, days: 183, basis: "国办秘函〔2019〕19号（全国政府网站普查）：通知公告、政策文件类栏目6个月未更新" },
  { kind: "plan", kindZh: "人事、规划计划类", pattern: /人事|任免|招录|招聘|规划|计划/, days: 365, basis: "全国政府网站普查评分表：人事、规划计划类栏目1年未更新" },
  { kind: "other", kindZh: "其他栏目", pattern: /(?:)/, days: 365, basis: "默认：1年未更新" },
];

export interface FreshnessWindow {
  days: number;
  /** Where the window comes from: "rule" or the default kind. */
  source: string;
  basis: string;
}

/** The window a column is judged by: the rule's, else the default for its kind; null when it is not judged. */
export function freshnessWindow(rule: Rule, columnNames: string[]): FreshnessWindow | null {
  if (rule.freshness?.days) return { days: rule.freshness.days, source: "rule", basis: rule.freshness.basis ?? "规则要求" };
  for (const name of columnNames) {
    const kind = DEFAULT_FRESHNESS.find((k) => k.kind !== "other" && k.pattern.test(name));
    if (kind) return kind.days === null ? null : { days: kind.days, source: kind.kind, basis: kind.basis };
  }
  const other = DEFAULT_FRESHNESS[DEFAULT_FRESHNESS.length - 1]!;
  return { days: other.days!, source: other.kind, basis: other.basis };
}

/** 365 → 12个月, 14 → 2周, 90 → 3个月, 45 → 45天. */
export function windowZh(days: number): string {
  if (days % 7 === 0 && days < 60) return `${days / 7}周`;
  const months = days / 30.42;
  if (days >= 28 && Math.abs(months - Math.round(months)) < 0.12) return `${Math.round(months)}个月`;
  return `${days}天`;
}

export function newestDated(items: readonly ListItem[]): ListItem | undefined {
  let best: ListItem | undefined;
  for (const item of items) if (item.date && (!best?.date || item.date > best.date)) best = item;
  return best;
}

// ---------------------------------------------------------------------------------------
// Required fields

const PHONE = /(?<!\d)(?:0\d{2,3}[-－—\s]?\d{7,8}|1[3-9]\d{9}|12345|\d{3,4}-\d{7,8})(?!\d)/;
const ADDRESS = /[\u4e00-\u9fa5\d]{2,}(?:路|街|大道|巷|弄|道)\d+(?:-\d+)?号/;
const TIME_RANGE = /\d{1,2}[:：]\d{2}\s*[-—–~～至到]\s*\d{1,2}[:：]\d{2}|(?:上午|下午)\s*\d{1,2}[:：点]/;

interface FieldSign {
  labels: string[];
  value?: RegExp;
}

/** How a required field shows on a page: one of its labels, or (for some) a value of its shape. */
export function fieldSign(field: string): FieldSign {
  if (/投诉|举报|监督/.test(field) && /电话/.test(field)) return { labels: [field, "投诉电话", "举报电话", "投诉举报电话", "监督电话", "12345"] };
  if (/电话/.test(field)) return { labels: [field, "联系电话", "电话", "联系方式", "咨询电话", "办公电话"], value: PHONE };
  if (/地址|地点/.test(field)) return { labels: [field, "地址", "地点", "位置", "住址"], value: ADDRESS };
  if (/时间/.test(field)) return { labels: [field, "办公时间", "工作时间", "服务时间", "开放时间", "受理时间", "营业时间", "接种时间", "检测时间", "接诊时间"], value: TIME_RANGE };
  if (field === "名称") return { labels: ["名称", "机构", "单位", "学校", "医院", "站点", "检测点", "接种点", "门诊"] };
  return { labels: [field] };
}

/** Required fields not shown in any of the texts (pages and items read). */
export function missingFields(fields: readonly string[], texts: readonly string[]): string[] {
  const all = texts.join("\n").normalize("NFKC");
  return fields.filter((field) => {
    const sign = fieldSign(field);
    return !sign.labels.some((l) => all.includes(l.normalize("NFKC"))) && !(sign.value && sign.value.test(all));
  });
}

// ---------------------------------------------------------------------------------------
// Documents and deadlines

export function documentPattern(doc: { name: string; titlePattern?: string }): RegExp {
  const literal = doc.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  try {
    return new RegExp(doc.titlePattern ?? literal, "u");
  } catch {
    return new RegExp(literal, "u");
  }
}

/**
 * Sites mix full- and half-width brackets and spaces: （2020年版） and (2020年版) are one
 * title. The pattern is left alone (its brackets may be regex syntax); the title is tried
 * as written, with half-width brackets made full-width, and the reverse.
 */
export function titleMatches(re: RegExp, title: string): boolean {
  const full = title.replace(/\(/g, "（").replace(/\)/g, "）").replace(/\s+/g, "");
  const half = title.replace(/（/g, "(").replace(/）/g, ")").replace(/\s+/g, "");
  return re.test(title) || re.test(full) || re.test(half);
}

// ---------------------------------------------------------------------------------------
// The judgment

export interface ContentJudgment {
  status: Status;
  reasonZh: string;
  message: string;
  /** The content part of a finding's evidence: the same fields, some always set here. */
  evidence: Omit<Evidence, "itemCount" | "datedItems" | "pagesFollowed"> & { itemCount: number; datedItems: number; pagesFollowed: number };
}

interface Problem {
  status: Status;
  reasonZh: string;
  message: string;
}

/**
 * A column with items: overdue, then document-missing, then stale, else present. The
 * first problem is the status; the others are kept in evidence.otherProblems so the
 * inspector sees all of them.
 */
export function judgeItems(rule: Rule, leaf: string, siteName: string | undefined, content: ColumnContent, asOf: string): ContentJudgment {
  // The column as the site names it: what the unit will recognise in a 整改通知.
  const shown = siteName ?? leaf;
  const items = content.items;
  const dated = items.filter((i) => i.date);
  const newest = newestDated(items);
  const evidence: ContentJudgment["evidence"] = {
    itemCount: items.length,
    datedItems: dated.length,
    pagesFollowed: content.pagesFollowed,
    ...(content.pagesDeclared !== null ? { pagesDeclared: content.pagesDeclared } : {}),
    ...(content.listUrl ? { listUrl: content.listUrl } : {}),
    ...(content.detailPagesRead ? { detailPagesRead: content.detailPagesRead } : {}),
    ...(content.problems.length ? { followUpProblems: content.problems.slice(0, 10) } : {}),
  };
  const first = items[0];
  if (newest) evidence.newestItem = { title: newest.title, date: newest.date, url: newest.url };
  else if (first) evidence.newestItem = { title: first.title, date: null, url: first.url };
  const unread = content.pagesDeclared !== null && content.pagesDeclared > content.pagesFollowed ? `（已查看前${content.pagesFollowed}页，共${content.pagesDeclared}页）` : "";
  const unreadEn = unread ? ` in the first ${content.pagesFollowed} of ${content.pagesDeclared} list page(s)` : "";
  const problems: Problem[] = [];
  const titles = [content.pageTitle, ...items.map((i) => i.title)];

  const deadlineDate = rule.deadline?.date;
  if (deadlineDate && asOf > deadlineDate) {
    evidence.deadline = deadlineDate;
    const patterns = rule.documents.map(documentPattern);
    const qualifying = patterns.length ? items.filter((i) => patterns.some((re) => titleMatches(re, i.title))) : items;
    const inTime = qualifying.some((i) => i.date && i.date <= deadlineDate);
    if (!inTime) {
      const late = qualifying.filter((i) => i.date && i.date > deadlineDate).sort((a, b) => a.date!.localeCompare(b.date!))[0];
      const what = rule.documents.length ? `“${rule.documents.map((d) => d.name).join("”、“")}”` : "相关信息";
      const lateZh = late ? `，相关信息${late.date}才发布` : "";
      problems.push({
        status: "overdue",
        reasonZh: `栏目“${shown}”截至${rule.deadline!.text}（${deadlineDate}）未发布${what}${lateZh}${late ? "" : unread}`,
        message: late ? `nothing qualifying dated on or before the deadline ${deadlineDate}; the first qualifying item is dated ${late.date}` : `nothing qualifying dated on or before the deadline ${deadlineDate}${unreadEn}`,
      });
    }
  }

  const missingDocs = rule.documents.filter((d) => !titles.some((t) => titleMatches(documentPattern(d), t))).map((d) => d.name);
  if (missingDocs.length) {
    evidence.documentsMissing = missingDocs;
    problems.push({
      status: "document-missing",
      reasonZh: `栏目“${shown}”中未找到“${missingDocs.join("”、“")}”${unread}`,
      message: `no item titled like ${missingDocs.map((d) => `"${d}"`).join(", ")}${unreadEn}`,
    });
  }
  // Fields are judged only on text zwgk read (the follow-up phase); no text, no verdict.
  if (rule.fields.length && content.texts.length) {
    const missing = missingFields(rule.fields, [...content.texts, ...titles]);
    if (missing.length) {
      evidence.fieldsMissing = missing;
      problems.push({ status: "document-missing", reasonZh: `栏目“${shown}”未公开${missing.join("、")}`, message: `required field(s) not shown: ${missing.join(", ")}` });
    }
  }

  const window = freshnessWindow(rule, [leaf, ...(siteName ? [siteName] : [])]);
  if (window) {
    evidence.freshness = window;
    if (!newest) {
      problems.push({
        status: "stale",
        reasonZh: `栏目“${shown}”的${items.length}条信息均未标注发布日期，不能认定为更新`,
        message: `none of the ${items.length} item(s) shows a date (undated items do not count as updates)`,
      });
    } else if (daysBetween(newest.date!, asOf) > window.days) {
      problems.push({
        status: "stale",
        reasonZh: `栏目“${shown}”最近一条信息发布于${newest.date}，超过${windowZh(window.days)}未更新`,
        message: `newest dated item is from ${newest.date}, more than ${window.days} day(s) before ${asOf}`,
      });
    }
  }

  const order: Status[] = ["overdue", "document-missing", "stale"];
  problems.sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  const [head, ...rest] = problems;
  if (rest.length) evidence.otherProblems = rest.map(({ status, reasonZh }) => ({ status, reasonZh }));
  if (head) return { status: head.status, reasonZh: head.reasonZh, message: head.message, evidence };
  const newestZh = newest ? `，最近一条发布于${newest.date}` : "";
  return {
    status: "present",
    reasonZh: `栏目“${shown}”已设置，共${items.length}条信息${newestZh}${unread}`,
    message: `${items.length} item(s)${newest ? `, newest ${newest.date}` : ""}`,
    evidence,
  };
}

/**
 * A one-page column (联系我们) has no items: only its fields and named documents (by the
 * page's title) are judged, not its freshness.
 */
export function judgeContentPage(rule: Rule, leaf: string, siteName: string | undefined, content: ColumnContent): { status: Status; reasonZh: string; message: string; fieldsMissing?: string[]; documentsMissing?: string[] } {
  const shown = siteName ?? leaf;
  const missingDocs = rule.documents.filter((d) => !titleMatches(documentPattern(d), content.pageTitle)).map((d) => d.name);
  const missing = rule.fields.length && content.texts.length ? missingFields(rule.fields, [content.pageTitle, ...content.texts]) : [];
  if (missingDocs.length) return { status: "document-missing", reasonZh: `栏目“${shown}”中未找到“${missingDocs.join("”、“")}”`, message: `content page, no document titled like ${missingDocs.join(", ")}`, documentsMissing: missingDocs, ...(missing.length ? { fieldsMissing: missing } : {}) };
  if (missing.length) return { status: "document-missing", reasonZh: `栏目“${shown}”未公开${missing.join("、")}`, message: `content page without required field(s): ${missing.join(", ")}`, fieldsMissing: missing };
  return { status: "present", reasonZh: `栏目“${shown}”已设置（内容页）`, message: "found as a content page" };
}
