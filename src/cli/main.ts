/**
 * The command line: parse options, call the library, pick formatters, set the exit code.
 * `main` takes argv and its streams as parameters so tests run it in-process exactly as
 * the shell runs bin/zwgk.js; only runFromProcess touches the real process.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { check, DEFAULTS, toolVersion } from "../check/index.js";
import { describeCause, ExitCode, IncompleteError, UsageError, ZwgkError } from "../errors.js";
import { FORMATTERS } from "../report/index.js";
import { PROBLEM_STATUSES, type Report } from "../report/types.js";
import { defaultRulebookPath, isRealDate, loadRulebook, SEVERITIES, type Severity } from "../rules/index.js";
import { todayIso } from "../site/dates.js";
import { formatInspectText, inspectTarget } from "./inspect.js";

export interface CliIO {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted on Ctrl-C / SIGTERM: the crawl stops and a partial report is written. */
  signal?: AbortSignal;
}

type FailOn = Severity | "none";

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; every parse error is a usage error (exit 2).
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof ZwgkError) {
      io.stderr.write(error.message.split("\n").map((l) => `zwgk: ${l}`).join("\n") + "\n");
      return error.exitCode;
    }
    io.stderr.write(`zwgk: internal error: ${describeCause(error)} (set ZWGK_DEBUG=1 for a stack trace; please report it)\n`);
    if (io.env.ZWGK_DEBUG) io.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    return ExitCode.usage;
  }
}

function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command("zwgk")
    .description("Check Chinese government websites against a 政务公开 rulebook.")
    .version(toolVersion(), "-V, --version")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // One line, like every other zwgk error.
      outputError: (s, write) => write(`zwgk: ${s.replace(/^error: /, "").trim()} (see zwgk --help)\n`),
    });

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

  program
    .command("inspect")
    .description("show what zwgk extracts from one page: title, breadcrumb, navigation, items, paging")
    .argument("<url-or-file>", "an http(s) URL or a saved HTML file")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("--as-of <date>", "reference day for dates written without a year (YYYY-MM-DD)")
    .action(async (target: string, opts: { format: string; asOf?: string }) => {
      const asOf = opts.asOf ? validDate(opts.asOf) : undefined;
      const result = await inspectTarget(target, { cwd: io.cwd, asOf });
      io.stdout.write(opts.format === "json" ? JSON.stringify(result, null, 2) + "\n" : formatInspectText(result));
      setExit(ExitCode.ok);
    });

  return program;
}

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

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(/[,，、]/).map((s) => s.trim()).filter(Boolean)];
}

function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a whole number of 1 or more, not "${value}"`);
    return n;
  };
}

function validUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`invalid URL "${value}": give an absolute address such as https://www.example.gov.cn/`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`invalid URL "${value}": only http:// and https:// sites can be checked`);
  return url.href;
}

function validDate(value: string): string {
  if (!isRealDate(value)) throw new UsageError(`--as-of takes a date as YYYY-MM-DD, not "${value}"`);
  return value;
}

/** The bin's entry point: real argv, streams and signals. */
export function runFromProcess(): void {
  const controller = new AbortController();
  let interrupted = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted++;
    if (interrupted > 1) process.exit(ExitCode.incomplete); // a second Ctrl-C means now
    process.stderr.write(`zwgk: ${signal}: stopping; writing what was gathered (press Ctrl-C again to quit at once)\n`);
    controller.abort(new IncompleteError(`interrupted by ${signal}`));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: controller.signal }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`zwgk: internal error: ${describeCause(error)}\n`);
      process.exitCode = ExitCode.usage;
    },
  );
}
