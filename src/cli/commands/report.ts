/**
 * `zwgk report <report.json>`: render a stored JSON report in other formats without crawling.
 * `zwgk report merge a.json b.json … -o all.json`: merge shard reports into one.
 * Both can gate a CI job: with --fail-on they exit like `zwgk check` (3 incomplete, 1 failing).
 */
import { resolve } from "node:path";
import { Option, type Command } from "commander";
import { ExitCode, UsageError } from "../../errors.js";
import { FORMATTERS, mergeReports, readReport, type Report } from "../../report/index.js";
import { failsRun, type FailOn } from "../../report/summary.js";
import { displayPath } from "../../rules/paths.js";
import type { CliIO, SetExit } from "../io.js";
import { emitReport, formatOption, planOutputs, repeatable, type OutputPlan } from "../outputs.js";

interface ReportCliOptions {
  format?: string[];
  output?: string[];
  baseline?: string;
  failOn: FailOn;
  failOnNew?: boolean;
  color: boolean;
  quiet?: boolean;
}

function outputOptions(command: Command): Command {
  return command
    .option("--format <format>", `output format: ${Object.keys(FORMATTERS).join(", ")} (repeatable; one goes to stdout, the rest need --output)`, formatOption)
    .option("-o, --output <file>", "write to this file, format from its extension: .json .html .md .csv .xlsx .xml (JUnit) .txt (repeatable)", repeatable)
    .option("--baseline <report.json>", "a previous JSON report: mark each problem new or known, list the fixed ones")
    .addOption(new Option("--fail-on <level>", "exit 1 when a problem of this severity or higher is in the report (3 when it is incomplete)").choices(["error", "warning", "info", "none"]).default("none"))
    .option("--fail-on-new", "only problems the baseline marks new count for --fail-on")
    .option("--no-color", "plain text output")
    .option("-q, --quiet", "print nothing to stdout when writing --output");
}

export function registerReport(program: Command, io: CliIO, setExit: SetExit): void {
  // `merge` is a word, not a commander subcommand: options after a subcommand would be taken by `report`.
  outputOptions(
    program
      .command("report")
      .usage("<report.json> [options]  |  zwgk report merge <a.json> <b.json>… -o all.json [options]")
      .description("render a stored JSON report (html, md, csv, xlsx, junit …) without crawling; `report merge` merges shard reports into the report one unsharded run gives")
      .argument("<files...>", "a report written with --format json (or: merge, then the shards' JSON reports)"),
  ).action(async (files: string[], opts: ReportCliOptions) => {
    if (files[0] === "merge") {
      if (files.length < 2) throw new UsageError("report merge needs the shards' JSON reports: zwgk report merge a.json b.json … -o all.json");
      return setExit(await runMerge(files.slice(1), opts, io));
    }
    if (files.length > 1) throw new UsageError(`report renders one report, not ${files.length}; to combine shards use: zwgk report merge ${files.join(" ")} -o all.json`);
    setExit(await runRender(files[0]!, opts, io));
  });
}

async function runRender(file: string, opts: ReportCliOptions, io: CliIO): Promise<number> {
  const plan = await plan_(opts, io, false);
  const report = await readReport(file, io.cwd);
  return finish(report, plan, opts, io);
}

async function runMerge(files: string[], opts: ReportCliOptions, io: CliIO): Promise<number> {
  const plan = await plan_(opts, io, true);
  const reports = [];
  for (const file of files) reports.push({ file: displayPath(resolve(io.cwd, file), io.cwd), report: await readReport(file, io.cwd, "shard report") });
  return finish(mergeReports(reports), plan, opts, io);
}

async function plan_(opts: ReportCliOptions, io: CliIO, merging: boolean): Promise<OutputPlan> {
  // A merged report is a report: JSON on stdout unless asked otherwise.
  const format = merging && !opts.format?.length && !opts.output?.length ? ["json"] : opts.format;
  // --fail-on-new may rely on the marks a stored report already carries; checked in finish().
  return planOutputs({ ...opts, format, failOnNew: false }, io);
}

async function finish(report: Report, plan: OutputPlan, opts: ReportCliOptions, io: CliIO): Promise<number> {
  if (opts.failOnNew && !plan.baseline && !report.baseline) {
    throw new UsageError("--fail-on-new needs a baseline: give --baseline previous.json, or a report checked with --baseline");
  }
  const final = await emitReport(report, plan, io);
  if (opts.failOn === "none") return ExitCode.ok;
  if (!final.complete) {
    io.stderr.write(`zwgk: incomplete: ${final.incompleteReason}\n`);
    return ExitCode.incomplete;
  }
  return failsRun(final, opts.failOn, opts.failOnNew) ? ExitCode.findings : ExitCode.ok;
}
