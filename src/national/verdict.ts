/** The per-site verdict an official spot check would give: any veto fails; otherwise 100 minus deductions, below the pass score fails. */
import type { Rulebook } from "../rules/types.js";
import { runIndicator, type IndicatorContext, type IndicatorResult } from "./indicators.js";

export interface Verdict {
  result: "合格" | "不合格";
  passed: boolean;
  score: number;
  passScore: number;
  vetoes: IndicatorResult[];
  deductions: IndicatorResult[];
  /** Why it failed, in Chinese, one line each. */
  reasons: string[];
  /** Indicators the site could not show enough of to judge. */
  notAssessed: string[];
  /**
   * With --baseline, on a 不合格 verdict: "new" when the baseline's verdict for the unit passed
   * (or it had none), "known" when it failed too. --fail-on-new fails a run on a new one.
   */
  baseline?: "new" | "known";
}

export function hasIndicators(book: Rulebook): boolean {
  return Object.values(book.indicators).some((i) => i.enabled);
}

export function judgeVerdict(book: Rulebook, ctx: IndicatorContext): Verdict {
  const results = Object.values(book.indicators)
    .filter((i) => i.enabled)
    .map((i) => runIndicator(i, ctx));
  const vetoes = results.filter((r) => r.kind === "veto");
  const deductions = results.filter((r) => r.kind === "deduction");
  const tripped = vetoes.filter((v) => v.assessed && v.triggered);
  const lost = deductions.filter((d) => d.assessed).reduce((sum, d) => sum + (d.points ?? 0), 0);
  const score = Math.max(0, Math.round((100 - lost) * 100) / 100);
  const passed = tripped.length === 0 && score >= book.passScore;
  const reasons = [
    ...tripped.map((v) => `单项否决：${v.name}——${v.reasonZh}`),
    ...(score < book.passScore ? [`扣分后得分${score}，低于${book.passScore}分`] : []),
  ];
  return {
    result: passed ? "合格" : "不合格",
    passed,
    score,
    passScore: book.passScore,
    vetoes,
    deductions,
    reasons,
    notAssessed: results.filter((r) => !r.assessed).map((r) => r.name),
  };
}
