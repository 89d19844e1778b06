/**
 * Merging shard reports (zwgk report merge a.json b.json … -o all.json) into the report one
 * unsharded run would have written: units back in registry order, counts and the
 * incompleteness reason recomputed from the units, shards that never reported called out.
 */
import { UsageError } from "../errors.js";
import { unitsIncompleteReason } from "./summary.js";
import type { FixedProblem, Report } from "./types.js";

export interface NamedReport {
  /** The file it was read from, for messages. */
  file: string;
  report: Report;
}

export function mergeReports(inputs: readonly NamedReport[]): Report {
  if (!inputs.length) throw new UsageError("nothing to merge: give the JSON reports of the shards");
  const first = inputs[0]!;
  for (const { file, report } of inputs.slice(1)) {
    if (report.rulebook.sha256 !== first.report.rulebook.sha256) {
      throw new UsageError(`${file}: checked with rulebook ${report.rulebook.id} ${report.rulebook.version} (sha256 ${report.rulebook.sha256.slice(0, 12)}…), but ${first.file} with ${first.report.rulebook.id} ${first.report.rulebook.version} (${first.report.rulebook.sha256.slice(0, 12)}…); merge only shards of one run`);
    }
    if (report.asOf !== first.report.asOf) throw new UsageError(`${file}: judged as of ${report.asOf}, but ${first.file} as of ${first.report.asOf}; run every shard with the same --as-of`);
    if (!!report.baseline !== !!first.report.baseline || (report.baseline && report.baseline.file !== first.report.baseline?.file)) {
      throw new UsageError(`${file}: compared with a different baseline than ${first.file}; run every shard with the same --baseline`);
    }
  }
  const seen = new Map<string, string>();
  for (const { file, report } of inputs) {
    for (const unit of report.units) {
      const other = seen.get(unit.name);
      if (other !== undefined) throw new UsageError(`unit "${unit.name}" is in both ${other} and ${file}; was a shard merged twice?`);
      seen.set(unit.name, file);
    }
  }

  const problems: string[] = [];
  const shards = inputs.filter((i) => i.report.shard);
  if (shards.length) {
    const total = shards[0]!.report.shard!.total;
    const have = new Map<number, string>();
    for (const { file, report } of shards) {
      if (report.shard!.total !== total) throw new UsageError(`${file}: shard ${report.shard!.index}/${report.shard!.total}, but ${shards[0]!.file} is one of ${total}; merge shards of one split`);
      const dup = have.get(report.shard!.index);
      if (dup) throw new UsageError(`${file} and ${dup} are both shard ${report.shard!.index}/${total}`);
      have.set(report.shard!.index, file);
    }
    const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !have.has(i));
    if (missing.length) problems.push(`shard(s) ${missing.map((i) => `${i}/${total}`).join(", ")} missing from the merge`);
  }

  const units = inputs.flatMap((i) => i.report.units);
  if (units.every((u) => u.registryIndex !== undefined)) units.sort((a, b) => a.registryIndex! - b.registryIndex!);
  const fromUnits = unitsIncompleteReason(units);
  if (fromUnits) problems.push(fromUnits);
  // A shard can be incomplete for a reason no unit records (it was stopped before its first unit).
  for (const { file, report } of inputs) if (!report.complete && !fromUnits && report.incompleteReason) problems.push(`${file}: ${report.incompleteReason}`);

  const merged: Report = {
    ...first.report,
    generatedAt: inputs.map((i) => i.report.generatedAt).sort().at(-1)!,
    complete: problems.length === 0,
    units,
  };
  delete merged.incompleteReason;
  delete merged.shard;
  if (problems.length) merged.incompleteReason = problems.join("; ");
  if (first.report.baseline) {
    const order = new Map(units.map((u, i) => [u.name, i]));
    const fixed: FixedProblem[] = inputs.flatMap((i) => i.report.baseline!.fixed);
    // stable: within a unit the baseline's own order is kept
    fixed.sort((a, b) => (order.get(a.unit) ?? 0) - (order.get(b.unit) ?? 0));
    merged.baseline = {
      ...first.report.baseline,
      new: inputs.reduce((n, i) => n + i.report.baseline!.new, 0),
      known: inputs.reduce((n, i) => n + i.report.baseline!.known, 0),
      fixed,
    };
  }
  return rebuildKeyOrder(merged);
}

/** Keys in the order a fresh report writes them, so a merged file diffs cleanly against an unsharded one. */
function rebuildKeyOrder(r: Report): Report {
  const { schemaVersion, tool, rulebook, asOf, generatedAt, complete, incompleteReason, units, registry, shard, baseline, ...rest } = r;
  return {
    schemaVersion,
    tool,
    rulebook,
    asOf,
    generatedAt,
    complete,
    ...(incompleteReason !== undefined ? { incompleteReason } : {}),
    units,
    ...(registry ? { registry } : {}),
    ...(shard ? { shard } : {}),
    ...(baseline ? { baseline } : {}),
    ...rest,
  };
}
