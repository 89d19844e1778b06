/**
 * One hand-built multi-unit report that every format test renders: every status, an exempt
 * problem, baseline marks, a fixed problem, and hostile strings where crawled text ends up
 * (a column named <script>, a javascript: URL, quotes, commas, newlines, a leading =).
 */
import type { Finding, Report, Status, UnitReport } from "../../src/report/types.js";
import { STATUSES } from "../../src/report/types.js";

export const HOSTILE = {
  unit: `<script>alert("unit")</script>区`,
  column: "<script>",
  title: `公开"清单", 含逗号\n和换行`,
  formula: "=HYPERLINK(\"http://evil.example/\",\"x\")",
  jsUrl: "javascript:alert(1)",
  pipe: "a | b",
};

function finding(rule: string, status: Status, extra: Partial<Finding> = {}): Finding {
  return {
    rule,
    title: `规则${rule}的贯彻举措`,
    path: ["政务公开", "政府信息公开目录", `栏目${rule}`],
    status,
    severity: status === "manual" ? "info" : "error",
    url: status === "missing" || status === "manual" ? null : `https://www.example.gov.cn/zwgk/${rule}/`,
    evidence: { reasonZh: `原因${rule}` },
    message: `message for ${rule} (${status})`,
    lead: ["市发展改革委"],
    deadline: { text: "2021年6月底前", date: "2021-06-30" },
    ...extra,
  };
}

function unit(name: string, findings: Finding[], index: number): UnitReport {
  const summary = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const f of findings) summary[f.status]++;
  return {
    name,
    roles: ["市政府部门"],
    site: `https://u${index}.example.gov.cn/`,
    crawl: { pagesFetched: 10 + index, pagesFailed: 0, requests: 12, durationMs: 1500, stoppedBy: "done", failures: [] },
    summary,
    findings,
    registryIndex: index,
  };
}

export function sampleReport(): Report {
  return {
    schemaVersion: 1,
    tool: { name: "zwgk", version: "0.1.0" },
    rulebook: { id: "cq-2021-slice", version: "slice-1", sha256: "a".repeat(64), title: "测试切片" },
    asOf: "2026-11-26",
    generatedAt: "2026-11-26T03:00:00.000Z",
    complete: true,
    units: [
      unit(
        "市发展改革委",
        [
          finding("1.1.1", "present", { evidence: { breadcrumb: "首页 > 政务公开", reasonZh: "已设置" } }),
          finding("1.2.1", "missing", { baseline: "new" }),
          finding("1.2.3", "empty", { baseline: "known", evidence: { emptyMarker: "暂无信息", reasonZh: "无内容" } }),
          (({ deadline: _none, ...manual }) => manual)(finding("2.3.1", "manual", { path: [], lead: [] })),
          finding("2.4.2", "document-missing", { baseline: "known" }),
        ],
        0,
      ),
      unit(
        HOSTILE.unit,
        [
          finding("1.2.2", "unreachable", { url: HOSTILE.jsUrl, baseline: "new", evidence: { siteName: HOSTILE.column, breadcrumb: `首页 > ${HOSTILE.column}`, reasonZh: `栏目“${HOSTILE.column}”无法访问` } }),
          finding("1.3.7", "missing", { exempt: { reason: "本区无政府债务，不单独设栏目" } }),
          finding("1.3.8", "stale", { title: HOSTILE.title, baseline: "known" }),
          finding("1.4.4", "overdue", { title: HOSTILE.formula, path: [HOSTILE.pipe, HOSTILE.column], baseline: "new" }),
          finding("2.2.5", "present", { evidence: { newestItem: { title: HOSTILE.column, date: "2026-11-01", url: HOSTILE.jsUrl } } }),
        ],
        1,
      ),
    ],
    registry: { file: "units.yaml", example: false },
    baseline: {
      file: "previous.json",
      asOf: "2026-11-25",
      new: 3,
      known: 3,
      fixed: [{ unit: "市发展改革委", rule: "1.1.1", title: "规则1.1.1的贯彻举措", was: "missing", now: "present" }],
    },
  };
}

/** Problems (not exempt) and what is skipped, as the formats must count them. */
export const SAMPLE_COUNTS = { findings: 10, problems: 6, exemptProblems: 1, manual: 1, present: 2 };
