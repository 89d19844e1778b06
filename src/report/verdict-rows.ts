/**
 * The national verdict flattened to rows — one per unit × indicator — so every tabular
 * format (html, md, xlsx, csv) shows the same section from one definition.
 */
import type { Report } from "./types.js";

export interface VerdictRow {
  unit: string;
  result: string;
  score: number;
  indicator: string;
  name: string;
  kind: "单项否决" | "扣分";
  /** 触发 / 未触发 / 扣N分 / 不扣分 / 未评估 */
  outcome: string;
  /** Whether this indicator counts against the site. */
  against: boolean;
  reason: string;
}

export function verdictRows(report: Report): VerdictRow[] {
  return report.units.flatMap((u) => {
    const v = u.verdict;
    if (!v) return [];
    return [...v.vetoes, ...v.deductions].map((r) => {
      const against = r.assessed && (r.kind === "veto" ? !!r.triggered : (r.points ?? 0) > 0);
      const outcome = !r.assessed ? "未评估" : r.kind === "veto" ? (r.triggered ? "触发" : "未触发") : r.points ? `扣${r.points}分` : "不扣分";
      return { unit: u.name, result: v.result, score: v.score, indicator: r.id, name: r.name, kind: r.kind === "veto" ? "单项否决" : "扣分", outcome, against, reason: r.reasonZh };
    });
  });
}
