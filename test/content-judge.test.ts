/** The content judgments (src/check/content.ts): freshness windows, documents, fields, deadlines, precedence. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_FRESHNESS, freshnessWindow, judgeContentPage, judgeItems, missingFields, windowZh, type ColumnContent } from "../src/check/content.js";
import { mainText } from "../src/site/list.js";
import { parseHtml } from "../src/site/page.js";
import type { Rule } from "../src/rules/types.js";
import type { ListItem } from "../src/site/list.js";

const AS_OF = "2026-11-26";

function rule(more: Partial<Rule> = {}): Rule {
  // Only what the content checks read; the cast keeps this test out of unrelated Rule changes.
  return {
    id: "t.1",
    title: "测试规则",
    lead: [],
    responsible: [],
    appliesTo: { units: [], roles: [] },
    paths: [["政务公开", "政府信息公开目录", "地方政府债务"]],
    channels: [],
    documents: [],
    fields: [],
    severity: "error",
    checkable: true,
    ocr: [],
    source: { file: "t.yaml", line: 1 },
    ...more,
  } as Rule;
}

function content(items: ListItem[], more: Partial<ColumnContent> = {}): ColumnContent {
  return { url: "http://x.gov.cn/c/", items, pagesFollowed: 1, pagesDeclared: null, detailPagesRead: 0, contentChars: 0, pageTitle: "栏目", texts: [], problems: [], ...more };
}

const item = (title: string, date: string | null): ListItem => ({ title, url: `http://x.gov.cn/c/${encodeURIComponent(title)}.html`, date });

test("default freshness windows: one table, by kind of column; a rule's freshness.days overrides", () => {
  const kindOf = (name: string) => freshnessWindow(rule(), [name])?.source ?? "not judged";
  assert.equal(kindOf("工作动态"), "news");
  assert.equal(kindOf("通知公告"), "notice");
  assert.equal(kindOf("政策解读"), "notice");
  assert.equal(kindOf("人事信息"), "plan");
  assert.equal(kindOf("国民经济和社会发展规划"), "plan");
  assert.equal(kindOf("政府信息公开年报"), "annual");
  assert.equal(kindOf("财政预决算"), "annual");
  assert.equal(kindOf("政府信息公开指南"), "not judged", "a guide is not expected to change");
  assert.equal(kindOf("地方政府债务"), "other");
  assert.deepEqual(
    DEFAULT_FRESHNESS.map((k) => [k.kind, k.days]),
    [["reference", null], ["annual", 396], ["news", 14], ["notice", 183], ["plan", 365], ["other", 365]],
  );
  assert.deepEqual(freshnessWindow(rule({ freshness: { days: 90, basis: "动态更新" } }), ["工作动态"]), { days: 90, source: "rule", basis: "动态更新" });
  assert.deepEqual([windowZh(365), windowZh(183), windowZh(90), windowZh(14), windowZh(45)], ["12个月", "6个月", "3个月", "2周", "45天"]);
});

test("stale: the newest dated item is the maximum (a pinned old item sits on top); the sentence fits a 整改通知", () => {
  const pinned = judgeItems(rule(), "地方政府债务", undefined, content([item("[置顶] 旧公告", "2015-01-01"), item("2018年债务情况", "2019-03-02"), item("2017年债务情况", "2018-03-05")]), AS_OF);
  assert.equal(pinned.status, "stale");
  assert.equal(pinned.reasonZh, "栏目“地方政府债务”最近一条信息发布于2019-03-02，超过12个月未更新");
  assert.deepEqual(pinned.evidence.newestItem, { title: "2018年债务情况", date: "2019-03-02", url: "http://x.gov.cn/c/2018%E5%B9%B4%E5%80%BA%E5%8A%A1%E6%83%85%E5%86%B5.html" });
  const fresh = judgeItems(rule(), "地方政府债务", undefined, content([item("[置顶] 旧公告", "2015-01-01"), item("2026年债务情况", "2026-03-02")]), AS_OF);
  assert.equal(fresh.status, "present", "the pinned item does not hide the newest");
  const edge = judgeItems(rule({ freshness: { days: 30 } }), "x", undefined, content([item("a", "2026-10-27")]), AS_OF);
  assert.equal(edge.status, "present", "exactly 30 days old is still within a 30-day window");
  assert.equal(judgeItems(rule({ freshness: { days: 29 } }), "x", undefined, content([item("a", "2026-10-27")]), AS_OF).status, "stale");
});

test("stale: items with no date anywhere do not count as updates", () => {
  const j = judgeItems(rule(), "应急管理", undefined, content([item("应急预案一", null), item("应急预案二", null)]), AS_OF);
  assert.equal(j.status, "stale");
  assert.equal(j.reasonZh, "栏目“应急管理”的2条信息均未标注发布日期，不能认定为更新");
  assert.equal(j.evidence.datedItems, 0);
  const reference = judgeItems(rule({ paths: [["政府信息公开指南"]] }), "政府信息公开指南", undefined, content([item("政府信息公开指南", "2015-01-01")]), AS_OF);
  assert.equal(reference.status, "present", "columns of the reference kind have no freshness window");
});

test("documents: matched by titlePattern, full- or half-width brackets alike; the pages left unread are named", () => {
  const docs = { documents: [{ name: "市场准入负面清单（2020年版）", titlePattern: "市场准入负面清单（20\\d\\d年版）" }] };
  assert.equal(judgeItems(rule(docs), "市场准入负面清单", undefined, content([item("市场准入负面清单(2022年版)", "2026-03-28")]), AS_OF).status, "present");
  const missing = judgeItems(rule(docs), "市场准入负面清单", undefined, content([item("关于开展效能评估的通知", "2026-11-02")], { pagesFollowed: 2, pagesDeclared: 3 }), AS_OF);
  assert.equal(missing.status, "document-missing");
  assert.equal(missing.reasonZh, "栏目“市场准入负面清单”中未找到“市场准入负面清单（2020年版）”（已查看前2页，共3页）");
  assert.deepEqual(missing.evidence.documentsMissing, ["市场准入负面清单（2020年版）"]);
  const byName = judgeItems(rule({ documents: [{ name: "重庆市法治政府建设年度报告" }] }), "x", undefined, content([item("2025年重庆市法治政府建设年度报告", "2026-03-01")]), AS_OF);
  assert.equal(byName.status, "present", "without a pattern the name itself is sought, literally");
});

test("fields: labels or values of the field's shape on the pages and items read; nothing read, no verdict", () => {
  const texts = ["名称 地址 联系电话 示例区人民医院 示例区人民路1号 023-61234567"];
  assert.deepEqual(missingFields(["名称", "地址", "联系电话", "办公时间"], texts), ["办公时间"]);
  assert.deepEqual(missingFields(["办公时间"], ["开放时段 8:30-17:00"]), [], "a time range shows 办公时间");
  assert.deepEqual(missingFields(["对外联系电话"], ["咨询 023-63891234"]), [], "a phone number shows a 电话 field");
  assert.deepEqual(missingFields(["投诉举报电话"], ["咨询 023-63891234"]), ["投诉举报电话"], "a complaints line needs its own label");
  const j = judgeItems(rule({ fields: ["名称", "办公时间"] }), "发热门诊", undefined, content([item("发热门诊名单", "2026-11-05")], { texts }), AS_OF);
  assert.equal(j.status, "document-missing");
  assert.equal(j.reasonZh, "栏目“发热门诊”未公开办公时间");
  assert.equal(judgeItems(rule({ fields: ["办公时间"] }), "发热门诊", undefined, content([item("发热门诊名单", "2026-11-05")]), AS_OF).status, "present", "fields are judged only on text that was read");
  const page = judgeContentPage(rule({ fields: ["联系电话", "办公时间"] }), "联系我们", undefined, content([], { contentChars: 120, texts: ["联系电话：023-63891234"] }));
  assert.deepEqual([page.status, page.fieldsMissing], ["document-missing", ["办公时间"]]);
  // The site footer's address, phone and hours are not the column's.
  const text = mainText(parseHtml('<body><div class="content">联系电话：023-1</div><div class="footer">办公时间：9:00-17:00</div></body>'));
  assert.ok(!text.includes("办公时间"), text);
});

test("overdue: a passed deadline without a qualifying item dated on or before it; late publication is named", () => {
  const deadline = { deadline: { text: "2021年6月底前", date: "2021-06-30" } };
  const late = judgeItems(rule(deadline), "行政法规", undefined, content([item("行政法规文本目录", "2026-10-10"), item("关于更新行政法规文本的说明", "2021-07-15")]), AS_OF);
  assert.equal(late.status, "overdue");
  assert.equal(late.reasonZh, "栏目“行政法规”截至2021年6月底前（2021-06-30）未发布相关信息，相关信息2021-07-15才发布");
  assert.equal(late.evidence.deadline, "2021-06-30");
  assert.equal(judgeItems(rule(deadline), "行政法规", undefined, content([item("文本", "2026-10-10"), item("文本更新", "2021-06-30")]), AS_OF).status, "present", "on the deadline day is in time");
  assert.equal(judgeItems(rule(deadline), "行政法规", undefined, content([item("文本", "2026-10-10")]), "2021-06-30").status, "present", "not yet due on --as-of");
  const withDocs = rule({ ...deadline, documents: [{ name: "2020年度报告", titlePattern: "2020年度.*报告" }] });
  const other = judgeItems(withDocs, "年度报告", undefined, content([item("2020年度工作报告", "2021-08-01"), item("无关通知", "2021-05-01")]), AS_OF);
  assert.equal(other.status, "overdue", "only items matching the named document qualify");
  assert.match(other.reasonZh, /未发布“2020年度报告”，相关信息2021-08-01才发布$/);
});

test("one status, the others kept: overdue, then document-missing, then stale", () => {
  const all = rule({ deadline: { text: "2021年6月底前", date: "2021-06-30" }, documents: [{ name: "某文件" }] });
  const j = judgeItems(all, "地方政府债务", "政府债务", content([item("无关信息", "2019-03-02")]), AS_OF);
  assert.equal(j.status, "overdue");
  assert.deepEqual(j.evidence.otherProblems?.map((p) => p.status), ["document-missing", "stale"]);
  assert.match(j.reasonZh, /^栏目“政府债务”/, "the column is named as the site names it");
});
