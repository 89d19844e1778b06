/** `zwgk check <url>` / `zwgk check --units units.yaml`: crawl each unit's site and report every rule that applies to it. */
import { resolve } from "node:path";
import { Option, type Command } from "commander";
import { check, DEFAULTS } from "../../check/index.js";
import { describeCause, UsageError } from "../../errors.js";
import { readHistory, type ProbeSample } from "../../national/probe.js";
import { failsRun, FORMATTERS, type FailOn } from "../../report/index.js";
import type { Report } from "../../report/types.js";
import { defaultRulebookPath, loadRulebook } from "../../rules/index.js";
import { todayIso } from "../../site/dates.js";
import { collect, positiveInt, validDate, validUrl, type CliIO, type SetExit } from "../io.js";
import { finishCheck, formatOption, planOutputs, repeatable } from "../outputs.js";
import { DEFAULT_PARALLEL, runUnitsCheck } from "../units.js";
import { addCrawlOptions, crawlSettingsFrom, type CrawlCliOptions } from "../crawl-options.js";

interface CheckCliOptions extends CrawlCliOptions {
  unit?: string;
  role: string[];
  rules: string;
  asOf?: string;
  format?: string[];
  output?: string[];
  units?: string;
  shard?: string;
  parallel: number;
  baseline?: string;
  failOnNew?: boolean;
  maxPages: number;
  maxListPages: number;
  fullCrawl?: boolean;
  timeout: number;
  concurrency: number;
  failOn: FailOn;
  color: boolean;
  national: boolean;
  probeHistory?: string;
  quiet?: boolean;
}

export function registerCheck(program: Command, io: CliIO, setExit: SetExit): void {
  program
    .command("check")
    .description("crawl a unit's site and report every rule that applies to it")
    .argument("[url]", "the site's start page, e.g. https://www.example.gov.cn/ (or give --units)")
    .option("--units <file>", "a units registry (YAML): check every unit in it")
    .option("--shard <i/n>", "with --units: check only shard i of n (deterministic by unit name)")
    .option("--parallel <n>", "with --units: units crawled at once (never two on one host)", positiveInt("--parallel"), DEFAULT_PARALLEL)
    .option("--unit <name>", "the unit's name as the rulebook writes it, e.g. 市发展改革委")
    .option("--role <role>", "a role of the unit, e.g. 区县政府 or 市政府部门 (repeatable)", collect, [])
    .option("--rules <file>", "rulebook YAML file", defaultRulebookPath)
    .option("--as-of <date>", "judge deadlines and freshness as of this day (YYYY-MM-DD)")
    .option("--format <format>", `output format: ${Object.keys(FORMATTERS).join(", ")} (repeatable; one goes to stdout, the rest need --output)`, formatOption)
    .option("-o, --output <file>", "write the report to this file, format from its extension: .json .html .md .csv .xlsx .xml (JUnit) .txt (repeatable)", repeatable)
    .option("--baseline <report.json>", "a previous JSON report: mark each problem new or known, list the fixed ones")
    .option("--fail-on-new", "with --baseline: only new problems make the exit code 1")
    .option("--max-pages <n>", "stop after fetching this many pages", positiveInt("--max-pages"), DEFAULTS.maxPages)
    .option("--max-list-pages <n>", "list pages to read per matched column (paging), the first included", positiveInt("--max-list-pages"), DEFAULTS.maxListPages)
    .option("--full-crawl", "fetch every in-scope page, article pages included (site-wide checks, benchmarks)")
    .option("--timeout <ms>", "per-request timeout in milliseconds", positiveInt("--timeout"), DEFAULTS.timeoutMs)
    .option("--concurrency <n>", "requests in flight at once", positiveInt("--concurrency"), DEFAULTS.concurrency)
    .addOption(new Option("--fail-on <level>", "exit 1 when a problem of this severity or higher is found").choices(["error", "warning", "info", "none"]).default("error"))
    .option("--no-national", "skip the national inspection indicators and the 合格/不合格 verdict")
    .option("--probe-history <file>", "availability samples written by `zwgk probe --history`, for 站点无法访问")
    .option("--no-color", "plain text output")
    .option("-q, --quiet", "print nothing to stdout when writing --output")
    .action(async (url: string | undefined, opts: CheckCliOptions) => setExit(await runCheck(url, opts, io)));
  addCrawlOptions(program.commands.find((c) => c.name() === "check")!);
}

async function runCheck(url: string | undefined, opts: CheckCliOptions, io: CliIO): Promise<number> {
  if (url === undefined && !opts.units && !opts.fromSnapshot) throw new UsageError("give the site's start URL, or a units registry with --units units.yaml (or re-check a snapshot with --from-snapshot DIR)");
  if (opts.shard && !opts.units) throw new UsageError("--shard splits a units registry; give --units too");
  const start = url === undefined || opts.units ? undefined : validUrl(url);
  const asOf = opts.asOf ? validDate(opts.asOf) : todayIso();
  const plan = await planOutputs(opts, io);
  const failing = (r: Report) => failsRun(r, opts.failOn, opts.failOnNew);
  const rulebook = await loadRulebook(opts.rules, { cwd: io.cwd });
  const probes = opts.probeHistory ? await loadProbeHistory(resolve(io.cwd, opts.probeHistory), opts.probeHistory) : undefined;
  const { done: crawlDone, ...crawlOptions } = await crawlSettingsFrom(opts, io);
  // Everything but the site and who runs it: a --units run gives each unit the same.
  const siteOptions = {
    ...crawlOptions,
    national: { enabled: opts.national, probes },
    rulebook,
    asOf,
    maxPages: opts.maxPages,
    maxListPages: opts.maxListPages,
    fullCrawl: opts.fullCrawl === true,
    timeoutMs: opts.timeout,
    concurrency: opts.concurrency,
    signal: io.signal,
  };
  if (opts.units) return finishCheck(await runUnitsCheck(url, siteOptions, { ...opts, units: opts.units }, io).finally(crawlDone), plan, io, failing);
  const report = await check({ ...siteOptions, url: start ?? "", unit: opts.unit, roles: opts.role }).finally(crawlDone);
  return finishCheck(report, plan, io, failing);
}

async function loadProbeHistory(file: string, shown: string): Promise<ProbeSample[]> {
  try {
    return (await readHistory(file)).samples;
  } catch (error) {
    throw new UsageError(`cannot read --probe-history ${shown}: ${describeCause(error)}; record samples with \`zwgk probe <url> --history ${shown}\``, { cause: error });
  }
}

