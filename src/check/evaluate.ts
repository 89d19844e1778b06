/**
 * Evaluating each rule against the site model → one finding per rule. Every rule that
 * applies to the unit yields a finding, manual ones included: nothing is silently dropped.
 */
import type { Rule, Rulebook } from "../rules/types.js";
import type { SiteModel } from "../site/model.js";
import type { CrawlStats } from "../crawl/crawler.js";
import type { Evidence, Finding, Status } from "../report/types.js";
import type { Column } from "../site/model.js";
import { CONTENT_PAGE_MIN_CHARS, contentFromModel, isGovernmentFrame, itemKey, judgeContentPage, judgeItems, type ColumnContent } from "./content.js";
import type { FollowUpResult } from "./followup.js";
import { childColumns, findColumn } from "./match.js";
import { NameMatcher } from "./names.js";

export interface EvaluationContext {
  model: SiteModel;
  stats: CrawlStats;
  asOf: string;
  names: NameMatcher;
  /** What the follow-up phase read (further list pages, frames, detail pages); without it, only the crawl's pages are judged. */
  followUp?: FollowUpResult;
}

export function namesFor(book: Rulebook): NameMatcher {
  return new NameMatcher(book.aliases);
}

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
  const content = contentOf(page.url, ctx);
  const shown = evidence.siteName ?? leaf;
  const found = (status: Status, reasonZh: string, message: string, more: Partial<Evidence> = {}): Finding => ({
    ...base,
    status,
    url: page.url,
    evidence: { ...evidence, itemCount: content.items.length, pagesFollowed: content.pagesFollowed, ...more, reasonZh },
    message: `column "${shownPath}" ${message}`,
  });
  if (content.items.length > 0) {
    const j = judgeItems(rule, leaf, evidence.siteName, content, ctx.asOf);
    return found(j.status, j.reasonZh, `found: ${j.message}`, j.evidence);
  }

  // A parent (规划信息) that lists nothing itself is judged by what its sub-columns hold.
  const children = childColumns(ctx.model, column, ctx.names);
  if (children.length && !content.emptyMarker && content.contentChars < CONTENT_PAGE_MIN_CHARS) {
    const names = children.map((c) => c.name);
    const read = childContents(children, ctx);
    const withItems = read.filter((c) => c.content.items.length);
    if (withItems.length) {
      const union = unionContent(content, withItems.map((c) => c.content));
      const j = judgeItems(rule, leaf, evidence.siteName, union, ctx.asOf);
      const which = withItems.map((c) => c.name);
      const reasonZh = j.status === "present" ? j.reasonZh.replace(/已设置，/, `已设置，下设${which.join("、")}，`) : j.reasonZh;
      return found(j.status, reasonZh, `found with sub-columns ${which.join(", ")}: ${j.message}`, { ...j.evidence, children: names, itemCount: union.items.length });
    }
    const allEmpty = read.length === children.length && read.every((c) => !c.content.items.length && c.content.contentChars < CONTENT_PAGE_MIN_CHARS && !c.content.unreadable);
    if (allEmpty) return found("empty", `栏目“${shown}”下设${names.join("、")}，均无内容`, `found, but its sub-columns ${names.join(", ")} are all empty`, { children: names });
    return found("present", `栏目“${shown}”已设置，下设${names.join("、")}`, `found with sub-columns ${names.join(", ")}`, { children: names });
  }

  if (!content.emptyMarker && content.contentChars >= CONTENT_PAGE_MIN_CHARS) {
    const j = judgeContentPage(rule, leaf, evidence.siteName, content);
    return found(j.status, j.reasonZh, j.status === "present" ? "found as a content page" : `found as a content page: ${j.message}`, {
      ...(j.fieldsMissing ? { fieldsMissing: j.fieldsMissing } : {}),
      ...(j.documentsMissing ? { documentsMissing: j.documentsMissing } : {}),
    });
  }
  if (content.unreadable) {
    // The tool cannot tell what the list holds: say so rather than call it empty.
    return found("unreachable", `栏目“${shown}”的${content.unreadable}，无法判断是否有内容，需人工复核`, `found, but its list could not be read: ${content.unreadable}`, { reason: content.unreadable });
  }
  const says = content.emptyMarker ? `，页面显示“${content.emptyMarker}”` : "";
  return found("empty", `栏目“${shown}”已设置但无内容${says}`, `is empty${content.emptyMarker ? ` (the page says ${content.emptyMarker})` : ""}`, {
    ...(content.emptyMarker ? { emptyMarker: content.emptyMarker } : {}),
    ...(content.listUrl ? { listUrl: content.listUrl } : {}),
  });
}

function contentOf(url: string, ctx: EvaluationContext): ColumnContent {
  const known = ctx.followUp?.contents.get(url);
  if (known) return known;
  return contentFromModel(ctx.model.page(url)!, ctx.model);
}

function childContents(children: Column[], ctx: EvaluationContext): { name: string; content: ColumnContent }[] {
  const out: { name: string; content: ColumnContent }[] = [];
  for (const child of children) {
    const page = child.url ? ctx.model.page(child.url) : undefined;
    if (page) out.push({ name: child.name, content: contentOf(page.url, ctx) });
  }
  return out;
}

function unionContent(parent: ColumnContent, parts: ColumnContent[]): ColumnContent {
  const seen = new Set<string>();
  const items = parts.flatMap((p) => p.items).filter((i) => !seen.has(itemKey(i)) && seen.add(itemKey(i)));
  return {
    ...parent,
    items,
    pagesFollowed: parts.reduce((n, p) => n + p.pagesFollowed, 0),
    pagesDeclared: null,
    detailPagesRead: parts.reduce((n, p) => n + p.detailPagesRead, 0),
    texts: [...parent.texts, ...parts.flatMap((p) => p.texts)],
    problems: parts.flatMap((p) => p.problems),
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
  // A failed link named like any segment of the path (the 政务公开 landing, say) hid what is behind it.
  const blocked = [...ctx.model.failures.values()].find((f) => (f.linkText && path.some((s) => ctx.names.same(f.linkText!, s))) || path.some((s) => urlNames(f.url, s, ctx.names)));
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
  const hidden = hiddenNavigation(ctx);
  if (hidden) {
    return {
      ...base,
      status: "unreachable",
      url: hidden.url,
      evidence: { reason: hidden.reason, pagesSearched: ctx.stats.pagesFetched, reasonZh: `${hidden.reasonZh}，栏目“${leaf}”未确认，需人工复核` },
      message: `column "${shownPath}" not found, but part of the site's navigation could not be read: ${hidden.reason}`,
    };
  }
  const guarded = guardedNavigation(ctx);
  if (guarded) {
    const { first, count } = guarded;
    const reason = `${count} page(s) that may lead to it could not be fetched (${first.url}: ${first.reason})`;
    return {
      ...base,
      status: "unreachable",
      url: first.url,
      evidence: { reason, pagesSearched: ctx.stats.pagesFetched, reasonZh: `网站有${count}个页面无法访问（${first.reason}），栏目“${leaf}”未确认，需复核` },
      message: `column "${shownPath}" not found, but ${reason}`,
    };
  }
  if (ctx.stats.stoppedBy !== "done") {
    const reason =
      ctx.stats.stoppedBy === "max-pages"
        ? `crawl stopped at --max-pages with ${ctx.stats.pagesQueued} page(s) unvisited; raise --max-pages`
        : ctx.stats.stoppedBy === "time-budget"
          ? `crawl stopped at --time-budget with ${ctx.stats.pagesQueued} page(s) unvisited; raise --time-budget`
          : `crawl ${ctx.stats.stoppedBy}`;
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

/** Failure kinds that hide a page rather than say it is not there: a WAF, a challenge, a timeout, robots.txt. */
const GUARDED_KINDS = new Set(["forbidden", "challenge", "waf", "rate-limited", "server-error", "timeout", "network", "tls", "robots", "unreadable"]);
/** Links that can lead to columns (menus, breadcrumbs, frames, plain links); not articles or further list pages. */
const NAVIGATING_LINKS = new Set(["nav", "breadcrumb", "frame", "other"]);

/** Pages that may lead to columns but were guarded or timed out: what was not found may be behind them. */
function guardedNavigation(ctx: EvaluationContext): { first: { url: string; reason: string }; count: number } | null {
  let first: { url: string; reason: string } | undefined;
  let count = 0;
  for (const f of ctx.model.failures.values()) {
    if (!f.kind || !GUARDED_KINDS.has(f.kind) || (f.via && !NAVIGATING_LINKS.has(f.via))) continue;
    first ??= f;
    count++;
  }
  return first ? { first, count } : null;
}

/**
 * Navigation zwgk could not read: a frame (on the site or another government host) that
 * failed to load, or a menu or tree a script fetches at run time. Either may hold the
 * column, so a column not found is unreachable rather than missing.
 */
function hiddenNavigation(ctx: EvaluationContext): { url: string; reason: string; reasonZh: string } | null {
  for (const page of ctx.model.pages.values()) {
    for (const frame of page.frames ?? []) {
      if (!isGovernmentFrame(frame, page.url)) continue;
      const failed = ctx.model.failure(frame)?.reason ?? ctx.followUp?.frameFailures.get(frame);
      if (failed) return { url: frame, reason: `frame ${frame} on ${page.url}: ${failed}`, reasonZh: `页面${page.url}中的框架页面${frame}无法访问（${failed}）` };
    }
  }
  for (const page of ctx.model.pages.values()) {
    if (page.kind !== "detail" && page.scriptLoads?.menu) {
      return { url: page.url, reason: `${page.url} builds its menu by script from ${page.scriptLoads.menu}`, reasonZh: `页面${page.url}的栏目菜单由脚本从${page.scriptLoads.menu}动态加载` };
    }
  }
  return null;
}

function urlNames(url: string, segment: string, names: NameMatcher): boolean {
  const slugs = url.split(/[/?#]/).filter(Boolean);
  return slugs.length > 0 && names.slugMatches(slugs[slugs.length - 1]!.replace(/\.[a-z]+$/i, ""), segment) && !names.isFamilyRoot(segment);
}


