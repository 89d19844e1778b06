/**
 * The national inspection indicators (国办秘函〔2019〕19号) as checks over the site model.
 * Each check reads its thresholds from the indicator's params (rules/national-inspection.yaml)
 * and returns evidence an inspector can follow. What a check cannot see is reported as not
 * assessed — never as passed, never as failed.
 */
import type { Indicator, Rulebook } from "../rules/types.js";
import type { SiteModel } from "../site/model.js";
import type { PageFacts } from "../site/page.js";
import type { SiteMarks } from "../site/marks.js";
import { daysBetween } from "../site/dates.js";
import { findColumn } from "../check/match.js";
import type { NameMatcher } from "../check/names.js";
import { availability, type ProbeSample } from "./probe.js";
import { coversSpan, workingDaysBetween } from "./workdays.js";
import { newestDated } from "../check/content.js";

export interface IndicatorResult {
  id: string;
  name: string;
  kind: "veto" | "deduction";
  /** false: the site could not show enough to judge this indicator. */
  assessed: boolean;
  /** Vetoes: whether it trips. */
  triggered?: boolean;
  /** Deductions: points taken off 100. */
  points?: number;
  /** One Chinese sentence for a 整改通知. */
  reasonZh: string;
  evidence: Record<string, unknown>;
}

export interface IndicatorContext {
  model: SiteModel;
  site: string;
  asOf: string;
  roles: string[];
  book: Rulebook;
  names: NameMatcher;
  probes?: ProbeSample[];
}

type Check = (ind: Indicator, ctx: IndicatorContext) => Omit<IndicatorResult, "id" | "name" | "kind">;

const num = (ind: Indicator, key: string, fallback: number): number => {
  const v = ind.params[key];
  return typeof v === "number" ? v : fallback;
};
const list = (ind: Indicator, key: string): string[] => (Array.isArray(ind.params[key]) ? (ind.params[key] as unknown[]).map(String) : []);

function newestDate(page: PageFacts | undefined): string | null {
  return newestDated(page?.items ?? [])?.date ?? null;
}

/** Column list pages the crawl fetched, each named as the site names it. */
function columnPages(model: SiteModel, site: string): { name: string; page: PageFacts }[] {
  const out: { name: string; page: PageFacts }[] = [];
  for (const page of model.pages.values()) {
    if (page.kind !== "column" || page.url === site) continue;
    const name = page.breadcrumb[page.breadcrumb.length - 1]?.name ?? page.meta.columnName ?? page.title;
    if (name) out.push({ name, page });
  }
  return out;
}

function kindOf(name: string, kinds: Record<string, string[]>): string | undefined {
  for (const [kind, fragments] of Object.entries(kinds)) if (fragments.some((f) => name.includes(f))) return kind;
  return undefined;
}

const homeFreshness: Check = (ind, ctx) => {
  const days = num(ind, "days", 14);
  const home = ctx.model.page(ctx.site);
  if (!home) return { assessed: false, reasonZh: "首页无法获取，未评估", evidence: {} };
  let newest = newestDate(home);
  let basis = "首页";
  const dated = home.items.filter((i) => i.date).length;
  if (dated < num(ind, "minDatedItems", 3)) {
    // A navigation hub: judge by the newest item of the pages its menu leads to.
    for (const node of home.nav) {
      const d = newestDate(node.url ? ctx.model.page(node.url) : undefined);
      if (d && (!newest || d > newest)) {
        newest = d;
        basis = `二级页面“${node.name}”`;
      }
    }
  }
  const age = newest ? daysBetween(newest, ctx.asOf) : null;
  const triggered = age === null || age > days;
  return {
    assessed: true,
    triggered,
    reasonZh: newest ? `${basis}最近一条信息发布于${newest}，${triggered ? `超过${days}天未更新` : `${days}天内有更新`}` : "首页未发现带日期的信息（无日期信息不计为更新）",
    evidence: { newest, basis, datedItems: dated, days },
  };
};

const columnFreshness: Check = (ind, ctx) => {
  const dynamicDays = num(ind, "dynamicDays", 14);
  const noticeDays = num(ind, "noticeDays", 183);
  const threshold = num(ind, "threshold", 5);
  const stale: { name: string; url: string; kind: string; newest: string | null }[] = [];
  let judged = 0;
  for (const { name, page } of columnPages(ctx.model, ctx.site)) {
    const kind = kindOf(name, ctx.book.columnKinds);
    if (kind !== "dynamic" && kind !== "notice") continue;
    judged++;
    const newest = newestDate(page);
    const limit = kind === "dynamic" ? dynamicDays : noticeDays;
    if (!newest || daysBetween(newest, ctx.asOf) > limit) stale.push({ name, url: page.url, kind, newest });
  }
  const triggered = stale.length >= threshold;
  return {
    assessed: judged > 0,
    triggered,
    reasonZh: `动态要闻类栏目超过${dynamicDays}天、通知公告政策文件类栏目超过${noticeDays}天未更新的共${stale.length}个（${threshold}个即单项否决）`,
    evidence: { count: stale.length, threshold, columnsJudged: judged, columns: stale },
  };
};

const columnLongStale: Check = (ind, ctx) => {
  const days = num(ind, "days", 365);
  const threshold = num(ind, "threshold", 10);
  const stale = columnPages(ctx.model, ctx.site)
    .filter(({ page }) => page.items.length > 0)
    .map(({ name, page }) => ({ name, url: page.url, newest: newestDate(page) }))
    .filter((c) => !c.newest || daysBetween(c.newest, ctx.asOf) > days);
  return {
    assessed: true,
    triggered: stale.length >= threshold,
    reasonZh: `超过${days}天未更新的栏目共${stale.length}个（${threshold}个即单项否决）`,
    evidence: { count: stale.length, threshold, columns: stale },
  };
};

const blankColumns: Check = (ind, ctx) => {
  const threshold = num(ind, "threshold", 5);
  const columns = ctx.model.columns();
  const blank = columnPages(ctx.model, ctx.site)
    .filter(({ page }) => page.items.length === 0 && (page.emptyMarker !== undefined || page.contentChars < 10))
    // A parent column with sub-columns is not blank: its children hold the content.
    .filter(({ name }) => !columns.some((c) => c.ancestors.length && ctx.names.same(c.ancestors[c.ancestors.length - 1]!, name)))
    .map(({ name, page }) => ({ name, url: page.url, says: page.emptyMarker ?? null }));
  return {
    assessed: true,
    triggered: blank.length >= threshold,
    reasonZh: `空白栏目共${blank.length}个（${threshold}个即单项否决）`,
    evidence: { count: blank.length, threshold, columns: blank },
  };
};

function namedEntries(ctx: IndicatorContext, keywords: string[]): { name: string; url: string | null }[] {
  const seen = new Set<string>();
  const out: { name: string; url: string | null }[] = [];
  for (const c of ctx.model.columns()) {
    if (!keywords.some((k) => c.name.includes(k)) || seen.has(c.name)) continue;
    seen.add(c.name);
    out.push({ name: c.name, url: c.url });
  }
  return out;
}

const interaction: Check = (ind, ctx) => {
  const found = namedEntries(ctx, list(ind, "keywords"));
  return {
    assessed: true,
    triggered: found.length === 0,
    reasonZh: found.length ? `已设置互动渠道：${found.map((f) => f.name).slice(0, 5).join("、")}` : "未发现咨询、留言、信箱等在线互动渠道",
    evidence: { channels: found.slice(0, 20), note: "留言答复时效需留言列表同时显示提问与答复日期，本次按渠道是否存在评估" },
  };
};

const services: Check = (ind, ctx) => {
  const entries = namedEntries(ctx, list(ind, "keywords"));
  const required = list(ind, "requiredElements");
  const guides = [...ctx.model.pages.values()].filter((p) => p.guideElements);
  const incomplete = guides
    .map((p) => ({ title: p.title, url: p.url, missing: required.filter((e) => !p.guideElements!.includes(e)) }))
    .filter((g) => g.missing.length);
  const triggered = entries.length === 0 || incomplete.length > 0;
  return {
    assessed: true,
    triggered,
    reasonZh: entries.length === 0 ? "未发现办事服务入口" : incomplete.length ? `${incomplete.length}个办事指南缺少要素（如${incomplete[0]!.missing.join("、")}）` : `已设置办事服务入口，检查办事指南${guides.length}个`,
    evidence: { entries: entries.slice(0, 10), guidesChecked: guides.length, incomplete },
  };
};

const availabilityCheck: Check = (ind, ctx) => {
  if (!ctx.probes) return { assessed: false, reasonZh: "未提供可用性监测记录（zwgk probe --history），未评估", evidence: {} };
  const a = availability(ctx.probes, ctx.site, ctx.asOf, num(ind, "windowDays", 7));
  const max = num(ind, "maxFailureShare", 0.05);
  if (!a.samples) return { assessed: false, reasonZh: `监测记录中没有${a.from}至${a.to}的样本，未评估`, evidence: { ...a } };
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return {
    assessed: true,
    triggered: a.share > max,
    reasonZh: `${a.from}至${a.to}共监测${a.samples}次，无法访问${a.failures}次（${pct(a.share)}，阈值${pct(max)}）`,
    evidence: { ...a, maxFailureShare: max },
  };
};

/** Failures that mean a link is broken; 403/412/429 are a server refusing us, not a dead link. */
function isBroken(f: { status?: number; reason: string }): boolean {
  if (f.status && [403, 412, 429].includes(f.status)) return false;
  if (/out of scope|interrupted|robots/i.test(f.reason)) return false;
  return true;
}

const brokenLinks: Check = (ind, ctx) => {
  const broken = [...ctx.model.failures.values()].filter(isBroken);
  const onHome = broken.filter((f) => ctx.model.homeLinks.has(f.url));
  const other = broken.filter((f) => !ctx.model.homeLinks.has(f.url));
  const points = Math.min(num(ind, "maxPoints", 10), onHome.length * num(ind, "homePointsEach", 1) + other.length * num(ind, "otherPointsEach", 0.1));
  return {
    assessed: true,
    points: round(points),
    reasonZh: `首页不可用链接${onHome.length}个，其他页面不可用链接${other.length}个（仅统计已抓取的链接）`,
    evidence: { home: onHome.map(({ url, reason }) => ({ url, reason })), other: other.map(({ url, reason }) => ({ url, reason })) },
  };
};

const infoColumnStandard: Check = (ind, ctx) => {
  const required: string[][] = [["政府信息公开"], ["政府信息公开", "政府信息公开指南"], ["政府信息公开", "政府信息公开制度"], ["政府信息公开", "法定主动公开内容"], ["政府信息公开", "政府信息公开年报"]];
  const missing = required.filter((path) => !findColumn(ctx.model, path, ctx.names)).map((p) => p[p.length - 1]!);
  return {
    assessed: true,
    points: Math.min(num(ind, "maxPoints", 10), missing.length * num(ind, "pointsEach", 2)),
    reasonZh: missing.length ? `政府信息公开专栏缺少：${missing.join("、")}` : "政府信息公开专栏及指南、制度、法定主动公开内容、年报均已设置",
    evidence: { missing },
  };
};

const annualReport: Check = (ind, ctx) => {
  const isGovernment = ctx.roles.includes("区县政府") || ctx.roles.some((r) => /政府$/.test(r) && !/部门/.test(r));
  const mmdd = String(ind.params[isGovernment ? "governmentDeadline" : "departmentDeadline"] ?? (isGovernment ? "03-31" : "01-31"));
  // Judge the latest report already due on --as-of.
  let reportYear = Number(ctx.asOf.slice(0, 4)) - 1;
  if (ctx.asOf.slice(5) <= mmdd) reportYear--;
  const deadline = `${reportYear + 1}-${mmdd}`;
  const match = findColumn(ctx.model, ["政府信息公开", "政府信息公开年报"], ctx.names);
  const page = match?.column.url ? ctx.model.page(match.column.url) : undefined;
  if (!page) return { assessed: !!match || ctx.model.pages.size > 0, points: num(ind, "points", 5), reasonZh: `未找到政府信息公开年报栏目，${reportYear}年度报告无法确认`, evidence: { reportYear, deadline } };
  const report = page.items.find((i) => i.title.includes(`${reportYear}年`) && /年度报告|年报/.test(i.title));
  const late = report && report.date && report.date > deadline;
  const ok = report && !late;
  return {
    assessed: true,
    points: ok ? 0 : num(ind, "points", 5),
    reasonZh: !report ? `未发现${reportYear}年度政府信息公开工作年度报告（应于${deadline}前发布）` : late ? `${reportYear}年度报告发布于${report.date}，晚于${deadline}` : `${reportYear}年度报告已按时发布${report.date ? `（${report.date}）` : ""}`,
    evidence: { reportYear, deadline, report: report ?? null, column: page.url, ...(report && !report.date ? { note: "报告无发布日期，按已发布计" } : {}) },
  };
};

const footerIdentity: Check = (ind, ctx) => {
  const home = ctx.model.page(ctx.site);
  if (!home) return { assessed: false, reasonZh: "首页无法获取，未评估", evidence: {} };
  const marks = home.marks;
  if (!marks) return { assessed: false, reasonZh: `起始页面${home.url}是文章页，不是首页，页脚标识未评估`, evidence: {} };
  const labels: [keyof SiteMarks, string][] = [["conac", "党政机关网站标识"], ["siteCode", "网站标识码"], ["icp", "ICP备案编号"], ["police", "公安机关备案标识"], ["jiucuo", "“我为政府网站找错”入口"]];
  const missing = labels.filter(([k]) => !marks[k]).map(([, label]) => label);
  return {
    assessed: true,
    points: missing.length * num(ind, "pointsEach", 1),
    reasonZh: missing.length ? `首页页脚缺少：${missing.join("、")}` : "首页页脚标识信息齐全",
    evidence: { missing, siteCode: marks.siteCode },
  };
};

const metaTags: Check = (ind, ctx) => {
  const pages = [...ctx.model.pages.values()];
  const wanted = (p: PageFacts): string[] => ["SiteName", "SiteIDCode", ...(p.kind === "column" ? ["ColumnName"] : []), ...(p.kind === "detail" ? ["ColumnName", "ArticleTitle", "PubDate"] : [])];
  const has = (p: PageFacts, tag: string) => ({ SiteName: p.meta.siteName, SiteIDCode: p.meta.siteIdCode, ColumnName: p.meta.columnName, ArticleTitle: p.meta.articleTitle, PubDate: p.meta.pubDateMeta })[tag];
  const lacking = pages.map((p) => ({ url: p.url, missing: wanted(p).filter((t) => !has(p, t)) })).filter((x) => x.missing.length);
  const share = pages.length ? (pages.length - lacking.length) / pages.length : 0;
  const ok = share >= num(ind, "minShare", 0.9);
  return {
    assessed: pages.length > 0,
    points: ok ? 0 : num(ind, "points", 2),
    reasonZh: `${pages.length}个页面中${lacking.length}个缺少规范元数据（SiteName、SiteIDCode、ColumnName、ArticleTitle、PubDate）`,
    evidence: { pages: pages.length, lacking: lacking.slice(0, 50), share: round(share) },
  };
};

const timeliness: Check = (ind, ctx) => {
  const limit = num(ind, "workingDays", 20);
  const late: { url: string; title: string; made: string; published: string; workingDays: number }[] = [];
  let judged = 0;
  let uncovered = 0;
  for (const p of ctx.model.pages.values()) {
    const made = dateOf(p.metadata["生成日期"] ?? p.metadata["成文日期"]);
    const published = dateOf(p.metadata["发布日期"] ?? p.metadata["发布时间"]);
    if (!made || !published || published < made) continue;
    judged++;
    if (!coversSpan(made, published)) uncovered++;
    const wd = workingDaysBetween(made, published);
    if (wd > limit) late.push({ url: p.url, title: p.title, made, published, workingDays: wd });
  }
  return {
    assessed: judged > 0,
    points: Math.min(num(ind, "maxPoints", 5), round(late.length * num(ind, "pointsEach", 0.5))),
    reasonZh: judged ? `抽查${judged}条信息，${late.length}条自形成之日起超过${limit}个工作日才公开` : "未抓取到同时显示成文（生成）日期和发布日期的信息，未评估（可用 --full-crawl 抓取文章页）",
    evidence: { judged, late, ...(uncovered ? { note: `${uncovered}条跨越节假日数据未覆盖的年份，按周一至周五计` } : {}) },
  };
};

function dateOf(value: string | undefined): string | null {
  const m = value ? /(\d{4})\D(\d{1,2})\D(\d{1,2})/.exec(value) : null;
  return m ? `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}` : null;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export const CHECKS: Record<string, Check> = {
  homeFreshness,
  columnFreshness,
  columnLongStale,
  blankColumns,
  interaction,
  services,
  availability: availabilityCheck,
  brokenLinks,
  infoColumnStandard,
  annualReport,
  footerIdentity,
  metaTags,
  timeliness,
};

export function runIndicator(ind: Indicator, ctx: IndicatorContext): IndicatorResult {
  const check = CHECKS[ind.check];
  const base = { id: ind.id, name: ind.name, kind: ind.kind };
  if (!check) return { ...base, assessed: false, reasonZh: `未知的检查“${ind.check}”`, evidence: {} };
  return { ...base, ...check(ind, ctx) };
}
