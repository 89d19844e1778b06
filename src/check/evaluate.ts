/**
 * Evaluating each rule against the site model → one finding per rule. Every rule that
 * applies to the unit yields a finding, manual ones included: nothing is silently dropped.
 */
import type { Rule, Rulebook } from "../rules/types.js";
import type { SiteModel } from "../site/model.js";
import type { CrawlStats } from "../crawl/crawler.js";
import type { Evidence, Finding, Status } from "../report/types.js";
import { childColumns, findColumn, type ColumnMatch } from "./match.js";
import { NameMatcher } from "./names.js";

export interface EvaluationContext {
  model: SiteModel;
  stats: CrawlStats;
  asOf: string;
  names: NameMatcher;
}

export function namesFor(book: Rulebook): NameMatcher {
  return new NameMatcher(book.aliases);
}

/** A column that is one page of text (联系我们, 机关简介) rather than a list counts when it says this much. */
const CONTENT_PAGE_MIN_CHARS = 60;

/** Best first: a rule with alternative paths is judged by the alternative that fares best. */
const STATUS_RANK: Record<Status, number> = { present: 0, stale: 1, "document-missing": 2, overdue: 3, empty: 4, unreachable: 5, missing: 6, manual: 7 };

export function evaluateRule(rule: Rule, ctx: EvaluationContext): Finding {
  const base = { rule: rule.id, title: rule.title, severity: rule.severity };
  if (!rule.checkable) {
    const reason = rule.manualReason ?? "网站无法核验";
    return { ...base, path: rule.paths[0] ?? [], status: "manual", url: null, evidence: { reason, reasonZh: `需人工核查：${reason}` }, message: `manual check: ${reason}` };
  }
  if (!rule.paths.length) {
    const reason = "规则未给出公开路径，无法在网站上定位";
    return { ...base, path: [], status: "manual", url: null, evidence: { reason, reasonZh: `需人工核查：${reason}` }, message: `manual check: the rule gives no disclosure path` };
  }
  let best: Finding | null = null;
  for (const path of rule.paths) {
    const finding = judgePath(rule, path, ctx);
    if (!best || STATUS_RANK[finding.status] < STATUS_RANK[best.status]) best = finding;
  }
  return best!;
}

function judgePath(rule: Rule, path: string[], ctx: EvaluationContext): Finding {
  const base = { rule: rule.id, title: rule.title, severity: rule.severity, path };
  const shownPath = path.join(" > ");
  const match = findColumn(ctx.model, path, ctx.names);
  if (!match) return notFound(rule, path, ctx);
  const { column } = match;
  const leaf = path[path.length - 1]!;
  const evidence: Evidence = { via: match.via, breadcrumb: column.breadcrumb?.join(" > ") };
  if (!ctx.names.same(column.name, leaf) || column.name !== leaf) evidence.siteName = column.name;
  const page = column.url ? ctx.model.page(column.url) : undefined;
  if (!page) {
    const failed = column.url ? ctx.model.failure(column.url) : undefined;
    const reason = failed ? failed.reason : column.url ? "column page not fetched (crawl budget reached)" : "column has no link to follow";
    return {
      ...base,
      status: "unreachable",
      url: column.url,
      evidence: { ...evidence, reason, reasonZh: `栏目“${leaf}”无法访问（${reason}），需复核` },
      message: `column "${shownPath}" found but its page could not be checked: ${reason}`,
    };
  }
  evidence.breadcrumb ??= page.breadcrumb.map((c) => c.name).join(" > ") || undefined;
  evidence.itemCount = page.items.length;
  const newest = newestItem(page.items);
  if (newest) evidence.newestItem = newest;
  if (page.items.length > 0) {
    return { ...base, status: "present", url: page.url, evidence: { ...evidence, reasonZh: `栏目“${leaf}”已设置，共${page.items.length}条信息` }, message: `column "${shownPath}" found with ${page.items.length} item(s)` };
  }
  const children = childColumns(ctx.model, column, ctx.names);
  if (children.length && !page.emptyMarker) {
    const names = children.map((c) => c.name);
    return {
      ...base,
      status: "present",
      url: page.url,
      evidence: { ...evidence, children: names, reasonZh: `栏目“${leaf}”已设置，下设${names.join("、")}` },
      message: `column "${shownPath}" found with sub-columns ${names.join(", ")}`,
    };
  }
  if (!page.emptyMarker && page.contentChars >= CONTENT_PAGE_MIN_CHARS) {
    return { ...base, status: "present", url: page.url, evidence: { ...evidence, reasonZh: `栏目“${leaf}”已设置（内容页）` }, message: `column "${shownPath}" found as a content page` };
  }
  if (page.emptyMarker) evidence.emptyMarker = page.emptyMarker;
  const says = page.emptyMarker ? `，页面显示“${page.emptyMarker}”` : "";
  return {
    ...base,
    status: "empty",
    url: page.url,
    evidence: { ...evidence, reasonZh: `栏目“${leaf}”已设置但无内容${says}` },
    message: `column "${shownPath}" is empty${page.emptyMarker ? ` (the page says ${page.emptyMarker})` : ""}`,
  };
}

/**
 * A column that was not found is "missing" only when nothing stood in the way of finding
 * it. A failed link named like the column, or a crawl cut short, makes it "unreachable".
 */
function notFound(rule: Rule, path: string[], ctx: EvaluationContext): Finding {
  const base = { rule: rule.id, title: rule.title, severity: rule.severity, path };
  const leaf = path[path.length - 1]!;
  const shownPath = path.join(" > ");
  const blocked = [...ctx.model.failures.values()].find((f) => (f.linkText && ctx.names.same(f.linkText, leaf)) || path.some((s) => urlNames(f.url, s, ctx.names)));
  if (blocked) {
    const reason = `${blocked.url}: ${blocked.reason}`;
    return {
      ...base,
      status: "unreachable",
      url: blocked.url,
      evidence: { reason, reasonZh: `栏目“${leaf}”所在页面无法访问（${blocked.reason}），需复核` },
      message: `column "${shownPath}" could not be checked: ${reason}`,
    };
  }
  if (ctx.stats.stoppedBy !== "done") {
    const reason = ctx.stats.stoppedBy === "max-pages" ? `crawl stopped at --max-pages with ${ctx.stats.pagesQueued} page(s) unvisited; raise --max-pages` : `crawl ${ctx.stats.stoppedBy}`;
    return {
      ...base,
      status: "unreachable",
      url: null,
      evidence: { reason, pagesSearched: ctx.stats.pagesFetched, reasonZh: `未能完整检查网站，栏目“${leaf}”未确认` },
      message: `column "${shownPath}" not found before the crawl stopped: ${reason}`,
    };
  }
  return {
    ...base,
    status: "missing",
    url: null,
    evidence: { pagesSearched: ctx.stats.pagesFetched, reasonZh: `网站未设置“${shownPath.replace(/ > /g, "→")}”栏目` },
    message: `no column "${shownPath}" found in ${ctx.stats.pagesFetched} page(s)`,
  };
}

function urlNames(url: string, segment: string, names: NameMatcher): boolean {
  const slugs = url.split(/[/?#]/).filter(Boolean);
  return slugs.length > 0 && names.slugMatches(slugs[slugs.length - 1]!.replace(/\.[a-z]+$/i, ""), segment) && !names.isFamilyRoot(segment);
}

function newestItem(items: { title: string; url: string | null; date: string | null }[]) {
  let best: { title: string; url: string | null; date: string | null } | undefined;
  for (const item of items) if (item.date && (!best?.date || item.date > best.date)) best = item;
  return best ?? items[0];
}
