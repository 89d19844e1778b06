/** `zwgk check <url>`: crawl one unit's site and report every rule that applies to it. */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import { Option, type Command } from "commander";
import { check, DEFAULTS } from "../../check/index.js";
import { ExitCode } from "../../errors.js";
import { FORMATTERS } from "../../report/index.js";
import { PROBLEM_STATUSES, type Report } from "../../report/types.js";
import { defaultRulebookPath, loadRulebook, SEVERITIES, type Severity } from "../../rules/index.js";
import { todayIso } from "../../site/dates.js";
import { collect, positiveInt, validDate, validUrl, type CliIO, type SetExit } from "../io.js";

type FailOn = Severity | "none";

interface CheckCliOptions {
  unit?: string;
  role: string[];
  rules: string;
  asOf?: string;
  format: string;
  output?: string;
  maxPages: number;
  timeout: number;
  concurrency: number;
  failOn: FailOn;
  color: boolean;
  quiet?: boolean;
}

export function registerCheck(program: Command, io: CliIO, setExit: SetExit): void {
  program
    .command("check")
    .description("crawl a unit's site and report every rule that applies to it")
    .argument("<url>", "the site's start page, e.g. https://www.example.gov.cn/")
    .option("--unit <name>", "the unit's name as the rulebook writes it, e.g. 市发展改革委")
    .option("--role <role>", "a role of the unit, e.g. 区县政府 or 市政府部门 (repeatable)", collect, [])
    .option("--rules <file>", "rulebook YAML file", defaultRulebookPath)
    .option("--as-of <date>", "judge deadlines and freshness as of this day (YYYY-MM-DD)")
    .addOption(new Option("--format <format>", "output format").choices(Object.keys(FORMATTERS)).default("text"))
    .option("--output <file>", "also write the report to this file (format from its extension: .json, .txt)")
    .option("--max-pages <n>", "stop after fetching this many pages", positiveInt("--max-pages"), DEFAULTS.maxPages)
    .option("--timeout <ms>", "per-request timeout in milliseconds", positiveInt("--timeout"), DEFAULTS.timeoutMs)
    .option("--concurrency <n>", "requests in flight at once", positiveInt("--concurrency"), DEFAULTS.concurrency)
    .addOption(new Option("--fail-on <level>", "exit 1 when a problem of this severity or higher is found").choices(["error", "warning", "info", "none"]).default("error"))
    .option("--no-color", "plain text output")
    .option("-q, --quiet", "print nothing to stdout when writing --output")
    .action(async (url: string, opts: CheckCliOptions) => setExit(await runCheck(url, opts, io)));
}

async function runCheck(url: string, opts: CheckCliOptions, io: CliIO): Promise<number> {
  const start = validUrl(url);
  const asOf = opts.asOf ? validDate(opts.asOf) : todayIso();
  const rulebook = await loadRulebook(opts.rules, { cwd: io.cwd });
  const color = opts.color && !io.env.NO_COLOR && (io.stdout.isTTY === true || !!io.env.FORCE_COLOR);
  const report = await check({
    url: start,
    rulebook,
    unit: opts.unit,
    roles: opts.role,
    asOf,
    maxPages: opts.maxPages,
    timeoutMs: opts.timeout,
    concurrency: opts.concurrency,
    signal: io.signal,
  });
  if (opts.output) {
    const file = resolve(io.cwd, opts.output);
    const format = formatForFile(file, opts.format);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, FORMATTERS[format]!(report, { color: false }));
  }
  if (!opts.output || !opts.quiet) io.stdout.write(FORMATTERS[opts.output ? "text" : opts.format]!(report, { color }));
  if (!report.complete) {
    io.stderr.write(`zwgk: incomplete: ${report.incompleteReason}${opts.output ? ` (partial report written to ${opts.output})` : ""}\n`);
    return ExitCode.incomplete;
  }
  return hasFailingProblem(report, opts.failOn) ? ExitCode.findings : ExitCode.ok;
}

export function hasFailingProblem(report: Report, failOn: FailOn): boolean {
  if (failOn === "none") return false;
  const threshold = SEVERITIES.indexOf(failOn);
  return report.units.some((u) => u.findings.some((f) => PROBLEM_STATUSES.includes(f.status) && SEVERITIES.indexOf(f.severity) >= threshold));
}

function formatForFile(file: string, fallback: string): string {
  const byExtension: Record<string, string> = { ".json": "json", ".txt": "text" };
  return byExtension[extname(file).toLowerCase()] ?? fallback;
}
