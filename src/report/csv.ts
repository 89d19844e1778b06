/**
 * The 整改清单 as CSV: one row per problem (exempt ones included and marked), for Excel and
 * for scripts. A UTF-8 byte-order mark makes Excel read the Chinese as UTF-8; CRLF line ends
 * follow RFC 4180.
 */
import { isProblem, reasonOf, STATUS_ZH } from "./summary.js";
import { PROBLEM_STATUSES, type Finding, type Report } from "./types.js";
import { verdictRows } from "./verdict-rows.js";

export const CSV_COLUMNS = ["unit", "rule", "measure", "path", "status", "status_zh", "severity", "evidence_url", "lead_unit", "deadline", "reason", "exempt_reason", "baseline"] as const;

/** Rows of the 整改清单: every problem, exempt ones too (they are marked, not dropped). */
export function rectificationRows(report: Report): Record<(typeof CSV_COLUMNS)[number], string>[] {
  return report.units.flatMap((unit) =>
    unit.findings
      .filter((f) => isProblem(f) || (f.exempt && PROBLEM_STATUSES.includes(f.status)))
      .map((f) => row(unit.name, f)),
  );
}

function row(unit: string, f: Finding): Record<(typeof CSV_COLUMNS)[number], string> {
  return {
    unit,
    rule: f.rule,
    measure: f.title,
    path: f.path.join(" → "),
    status: f.status,
    status_zh: STATUS_ZH[f.status],
    severity: f.severity,
    evidence_url: f.url ?? "",
    lead_unit: (f.lead ?? []).join("、"),
    deadline: f.deadline ? f.deadline.text + (f.deadline.date ? ` (${f.deadline.date})` : "") : "",
    reason: reasonOf(f),
    exempt_reason: f.exempt?.reason ?? "",
    baseline: f.baseline ?? "",
  };
}

export function formatCsv(report: Report): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const r of [...rectificationRows(report), ...verdictProblemRows(report)]) lines.push(CSV_COLUMNS.map((c) => cell(r[c])).join(","));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

/** National indicators that count against a site, as 整改清单 rows (rule id `national:<indicator>`). */
function verdictProblemRows(report: Report): Record<(typeof CSV_COLUMNS)[number], string>[] {
  return verdictRows(report)
    .filter((r) => r.against)
    .map((r) => ({
      unit: r.unit,
      rule: `national:${r.indicator}`,
      measure: r.name,
      path: "",
      status: r.kind === "单项否决" ? "veto" : "deduction",
      status_zh: `${r.kind}（${r.outcome}）`,
      severity: "error",
      evidence_url: "",
      lead_unit: "",
      deadline: "",
      reason: r.reason,
      exempt_reason: "",
      baseline: "",
    }));
}

function cell(value: string): string {
  // A crawled title starting with = + - @ would run as a formula when Excel opens the file.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
