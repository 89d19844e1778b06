/** The national verdict as terminal lines: the result, then each veto and deduction with its reason. */
import type { ChalkInstance } from "chalk";
import type { Verdict } from "../national/verdict.js";

export function verdictLines(verdict: Verdict, c: ChalkInstance): string[] {
  const head = verdict.passed ? c.green.bold(`合格`) : c.red.bold(`不合格`);
  const mark = verdict.baseline === "new" ? c.magenta(" [new]") : verdict.baseline === "known" ? c.dim(" [known]") : "";
  const lines = ["", c.bold("  National inspection (国办秘函〔2019〕19号): ") + head + mark + c.dim(`  score ${verdict.score}/100, pass ${verdict.passScore}`)];
  for (const reason of verdict.reasons) lines.push(`    ${c.red("✗")} ${reason}`);
  for (const v of verdict.vetoes) {
    const mark = !v.assessed ? c.dim("·") : v.triggered ? c.red("✗") : c.green("✓");
    lines.push(`    ${mark} ${c.dim("单项否决")} ${v.name}: ${v.reasonZh}`);
  }
  for (const d of verdict.deductions) {
    const mark = !d.assessed ? c.dim("·") : d.points ? c.yellow(`-${d.points}`) : c.green("✓");
    lines.push(`    ${mark} ${c.dim("扣分")} ${d.name}: ${d.reasonZh}`);
  }
  if (verdict.notAssessed.length) lines.push(c.dim(`    not assessed: ${verdict.notAssessed.join("、")}`));
  return lines;
}
