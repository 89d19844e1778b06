/**
 * JUnit XML for CI dashboards: a testsuite per unit, a testcase per unit × rule. Problems
 * are failures, manual and exempt items skipped, present ones pass. The job's pass/fail
 * still comes from the exit code (--fail-on, --fail-on-new); known problems stay failures
 * here so the dashboard shows the real state, marked [known].
 */
import { isProblem, reasonOf } from "./summary.js";
import type { Finding, Report, UnitReport } from "./types.js";

export function formatJunit(report: Report): string {
  const suites = report.units.map((u) => suite(u, report));
  const count = (pick: (f: Finding) => boolean) => report.units.reduce((n, u) => n + u.findings.filter(pick).length, 0);
  const verdicts = report.units.filter((u) => u.verdict);
  const tests = count(() => true) + verdicts.length;
  const failures = count(isProblem) + verdicts.filter((u) => !u.verdict!.passed).length;
  const skipped = count((f) => !isProblem(f) && (f.status === "manual" || !!f.exempt));
  const time = report.units.reduce((t, u) => t + u.crawl.durationMs, 0) / 1000;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${attr(`zwgk ${report.rulebook.id} ${report.rulebook.version}`)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}">`,
    ...suites,
    `</testsuites>`,
    "",
  ].join("\n");
}

function suite(unit: UnitReport, report: Report): string {
  const failures = unit.findings.filter(isProblem).length + (unit.verdict && !unit.verdict.passed ? 1 : 0);
  const skipped = unit.findings.filter((f) => !isProblem(f) && (f.status === "manual" || !!f.exempt)).length;
  const lines = [
    `  <testsuite name="${attr(unit.name)}" tests="${unit.findings.length + (unit.verdict ? 1 : 0)}" failures="${failures}" errors="0" skipped="${skipped}" time="${(unit.crawl.durationMs / 1000).toFixed(3)}" timestamp="${attr(report.generatedAt.replace(/Z$/, ""))}">`,
    `    <properties>`,
    `      <property name="site" value="${attr(unit.site)}"/>`,
    `      <property name="roles" value="${attr(unit.roles.join(","))}"/>`,
    `      <property name="asOf" value="${attr(report.asOf)}"/>`,
    `      <property name="stoppedBy" value="${attr(unit.crawl.stoppedBy)}"/>`,
    `    </properties>`,
  ];
  for (const f of unit.findings) lines.push(testcase(unit, f));
  if (unit.verdict) {
    const open = `    <testcase classname="${attr(`zwgk.${unit.name}`)}" name="${attr("national verdict 国家检查指标")}" time="0"`;
    lines.push(unit.verdict.passed ? `${open}/>` : `${open}>\n      <failure message="${attr(`${unit.verdict.result} ${unit.verdict.score}/100`)}" type="verdict">${text(unit.verdict.reasons.join("\n"))}</failure>\n    </testcase>`);
  }
  lines.push(`  </testsuite>`);
  return lines.join("\n");
}

function testcase(unit: UnitReport, f: Finding): string {
  const open = `    <testcase classname="${attr(`zwgk.${unit.name}`)}" name="${attr(`${f.rule} ${f.title}`)}" time="0"`;
  if (f.exempt) return `${open}>\n      <skipped message="${attr(`exempt (${f.status}): ${f.exempt.reason}`)}"/>\n    </testcase>`;
  if (f.status === "manual") return `${open}>\n      <skipped message="${attr(`manual: ${reasonOf(f)}`)}"/>\n    </testcase>`;
  if (!isProblem(f)) return `${open}/>`;
  const known = f.baseline === "known" ? "[known] " : f.baseline === "new" ? "[new] " : "";
  const details = [
    `status: ${f.status} (${f.severity})`,
    `path: ${f.path.join(" → ")}`,
    f.url ? `evidence: ${f.url}` : "",
    f.lead?.length ? `lead unit: ${f.lead.join("、")}` : "",
    f.deadline ? `deadline: ${f.deadline.text}` : "",
    f.message,
  ].filter(Boolean);
  return `${open}>\n      <failure message="${attr(`${known}${f.status}: ${reasonOf(f)}`)}" type="${attr(f.status)}">${text(details.join("\n"))}</failure>\n    </testcase>`;
}

/** XML 1.0 cannot carry most control characters at all, even escaped; crawled text sometimes has them. */
function clean(value: string): string {
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "").replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "");
}

function text(value: string): string {
  return clean(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attr(value: string): string {
  return text(value).replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
