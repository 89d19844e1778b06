/**
 * Where a report goes: several formats in one run, each --output file's format from its
 * extension, at most one format on stdout (never a binary one), the baseline applied first,
 * then the exit code. Shared by `zwgk check` and `zwgk report`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import { ExitCode, UsageError } from "../errors.js";
import { applyBaseline, BINARY_FORMATS, FORMAT_BY_EXTENSION, FORMATTERS, readReport, render, type Report } from "../report/index.js";
import { displayPath } from "../rules/paths.js";
import type { CliIO } from "./io.js";

export interface OutputOptions {
  /** --format, repeatable. */
  format?: string[];
  /** --output, repeatable. */
  output?: string[];
  quiet?: boolean;
  color: boolean;
  baseline?: string;
  failOnNew?: boolean;
}

export interface OutputPlan {
  files: { file: string; shown: string; format: string }[];
  /** The format printed on stdout, or null for none. */
  stdout: string | null;
  baseline?: { report: Report; shown: string };
  color: boolean;
}

/** A repeatable option's values, kept whole (file names may hold commas). */
export function repeatable(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** --format values, checked as they are parsed so a typo fails before any crawling. */
export function formatOption(value: string, previous: string[] = []): string[] {
  const names = value.split(",").map((v) => v.trim()).filter(Boolean);
  for (const name of names) {
    if (!FORMATTERS[name]) throw new UsageError(`unknown --format "${name}"; choose from ${Object.keys(FORMATTERS).join(", ")}`);
  }
  return [...previous, ...names];
}

/**
 * Decides, before any work is done, what goes where: a bad combination is a usage error
 * now, not after a twenty-minute crawl. Reads the baseline for the same reason.
 */
export async function planOutputs(opts: OutputOptions, io: CliIO): Promise<OutputPlan> {
  const formats = [...new Set(opts.format ?? [])];
  const files = (opts.output ?? []).map((out) => {
    const file = resolve(io.cwd, out);
    const byExtension = FORMAT_BY_EXTENSION[extname(file).toLowerCase()];
    const format = byExtension ?? (formats.length === 1 ? formats[0]! : undefined);
    if (!format) {
      const known = Object.keys(FORMAT_BY_EXTENSION).join(" ");
      throw new UsageError(`cannot tell the format of --output ${out} from its extension (${known}); name it so, or give one --format`);
    }
    return { file, shown: displayPath(file, io.cwd), format };
  });
  const covered = new Set(files.map((f) => f.format));
  const leftover = formats.filter((f) => !covered.has(f));
  if (leftover.length > 1) {
    throw new UsageError(`only one format can go to stdout, not ${leftover.join(" and ")}; write the others with --output (e.g. --output report.${leftover[1] === "junit" ? "xml" : leftover[1]})`);
  }
  let stdout: string | null = leftover[0] ?? (files.length ? "text" : formats[0] ?? "text");
  if (opts.quiet && files.length && !leftover.length) stdout = null;
  if (stdout && BINARY_FORMATS.has(stdout)) throw new UsageError(`--format ${stdout} is binary and cannot go to the terminal; write it with --output report.${stdout}`);
  if (opts.failOnNew && !opts.baseline) throw new UsageError("--fail-on-new needs --baseline previous.json: new is judged against a previous report");
  const baseline = opts.baseline ? { report: await readReport(opts.baseline, io.cwd, "baseline"), shown: displayPath(resolve(io.cwd, opts.baseline), io.cwd) } : undefined;
  const color = opts.color && !io.env.NO_COLOR && (io.stdout.isTTY === true || !!io.env.FORCE_COLOR);
  return { files, stdout, ...(baseline ? { baseline } : {}), color };
}

/** Applies the baseline, writes every output; returns the report as written. */
export async function emitReport(report: Report, plan: OutputPlan, io: CliIO): Promise<Report> {
  const final = plan.baseline ? applyBaseline(report, plan.baseline.report, plan.baseline.shown) : report;
  for (const { file, format } of plan.files) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, await render(format, final, { color: false }));
  }
  if (plan.stdout) io.stdout.write((await render(plan.stdout, final, { color: plan.color })) as string);
  return final;
}

/** Emits the report and turns it into the exit code: 3 incomplete, 1 failing problems, else 0. */
export async function finishCheck(report: Report, plan: OutputPlan, io: CliIO, failing: (report: Report) => boolean): Promise<number> {
  const final = await emitReport(report, plan, io);
  if (!final.complete) {
    const written = plan.files.length ? ` (partial report written to ${plan.files.map((f) => f.shown).join(", ")})` : "";
    io.stderr.write(`zwgk: incomplete: ${final.incompleteReason}${written}\n`);
    return ExitCode.incomplete;
  }
  return failing(final) ? ExitCode.findings : ExitCode.ok;
}
