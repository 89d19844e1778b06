/**
 * Baselines: compare a report with a previous one so a scheduled job fails only on what is
 * new. A problem is identified by unit name and rule id, not by status: a column that went
 * from missing to empty is the same unfixed problem, not a new one.
 */
import { PROBLEM_STATUSES, type FixedProblem, type Report } from "./types.js";
import { isProblem } from "./summary.js";
import type { Verdict } from "../national/verdict.js";

function key(unit: string, rule: string): string {
  return `${unit}\u0000${rule}`;
}

/**
 * The report with each problem marked new or known, and the baseline's problems that are
 * fixed listed. Only units present in the report are compared: a shard does not call the
 * other shards' problems fixed.
 */
export function applyBaseline(report: Report, baseline: Report, file: string): Report {
  const before = new Set<string>();
  const baselineUnits = new Map(baseline.units.map((u) => [u.name, u]));
  for (const unit of baseline.units) {
    for (const f of unit.findings) if (isProblem(f)) before.add(key(unit.name, f.rule));
  }
  let fresh = 0;
  let known = 0;
  const fixed: FixedProblem[] = [];
  const units = report.units.map((unit) => {
    const findings = unit.findings.map((f) => {
      const { baseline: _old, ...rest } = f;
      if (!isProblem(f)) return rest;
      const mark = before.has(key(unit.name, f.rule)) ? "known" : "new";
      if (mark === "new") fresh++;
      else known++;
      return { ...rest, baseline: mark } as typeof f;
    });
    const now = new Map(unit.findings.map((f) => [f.rule, f]));
    for (const old of baselineUnits.get(unit.name)?.findings ?? []) {
      if (!isProblem(old)) continue;
      const current = now.get(old.rule);
      // An exempted problem is not a fixed one; it is still there, just excused.
      if (current && (current.exempt || PROBLEM_STATUSES.includes(current.status))) continue;
      fixed.push({ unit: unit.name, rule: old.rule, title: old.title, was: old.status, now: current ? current.status : null });
    }
    return { ...unit, findings, ...(unit.verdict ? { verdict: markVerdict(unit.verdict, baselineUnits.get(unit.name)?.verdict) } : {}) };
  });
  return {
    ...report,
    units,
    baseline: { file, ...(baseline.generatedAt ? { generatedAt: baseline.generatedAt } : {}), asOf: baseline.asOf, new: fresh, known, fixed },
  };
}

/** A 不合格 verdict is new unless the baseline's verdict for the unit failed as well. */
function markVerdict(verdict: Verdict, before: Verdict | undefined): Verdict {
  const { baseline: _old, ...rest } = verdict;
  if (verdict.passed) return rest;
  return { ...rest, baseline: before && !before.passed ? "known" : "new" };
}
