/**
 * `zwgk probe <url> --history file`: one availability sample, appended to a history file a
 * scheduled job keeps, then the failure share over the indicator's window (站点无法访问).
 * Thresholds come from the rulebook's `site-unavailable` indicator, so an overlay changes them.
 */
import { resolve } from "node:path";
import { Option, type Command } from "commander";
import { ExitCode, UsageError } from "../../errors.js";
import { appendSample, availability, probeOnce, readHistory, type ProbeSample } from "../../national/probe.js";
import { defaultRulebookPath, loadRulebook } from "../../rules/index.js";
import { todayIso } from "../../site/dates.js";
import { addConnectionOptions, connectionFrom, type ConnectionCliOptions } from "../crawl-options.js";
import { validDate, validUrl, type CliIO, type SetExit } from "../io.js";

interface ProbeCliOptions extends ConnectionCliOptions {
  history: string;
  rules: string;
  asOf?: string;
  record: boolean;
  format: string;
}

export function registerProbe(program: Command, io: CliIO, setExit: SetExit): void {
  const command = program
    .command("probe")
    .description("record one availability sample of a site and report its failure share over the last week (站点无法访问)")
    .argument("<url>", "the site's home page")
    .option("--history <file>", "JSON-lines history file the sample is appended to", "zwgk-probe-history.jsonl")
    .option("--rules <file>", "rulebook whose site-unavailable indicator gives the thresholds", defaultRulebookPath)
    .option("--as-of <date>", "the last day of the window (YYYY-MM-DD)")
    .option("--no-record", "do not probe now; only report on the history")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"));
  addConnectionOptions(command).action(async (url: string, opts: ProbeCliOptions) => setExit(await runProbe(url, opts, io)));
}

async function runProbe(url: string, opts: ProbeCliOptions, io: CliIO): Promise<number> {
  const site = validUrl(url);
  const asOf = opts.asOf ? validDate(opts.asOf) : todayIso();
  const book = await loadRulebook(opts.rules, { cwd: io.cwd });
  const indicator = Object.values(book.indicators).find((i) => i.check === "availability");
  const param = (key: string, fallback: number) => (typeof indicator?.params[key] === "number" ? (indicator.params[key] as number) : fallback);
  const timeoutSeconds = param("timeoutSeconds", 15);
  const windowDays = param("windowDays", 7);
  const maxShare = param("maxFailureShare", 0.05);
  const file = resolve(io.cwd, opts.history);
  let sample: ProbeSample | undefined;
  if (opts.record) {
    // Through the proxy and with the TLS trust the site's checks use: the sample measures the
    // path an inspector's runs take, and a certificate error counts as down unless accepted.
    const connection = await connectionFrom(opts, io);
    try {
      sample = await probeOnce(site, { timeoutSeconds, dispatcher: connection.dispatcher, userAgent: connection.userAgent });
    } finally {
      await connection.close();
    }
    await appendSample(file, sample);
  }
  let samples: ProbeSample[];
  try {
    samples = (await readHistory(file)).samples;
  } catch {
    throw new UsageError(`no probe history at ${opts.history}; run \`zwgk probe ${site} --history ${opts.history}\` on a schedule to build one`);
  }
  const a = availability(samples, site, asOf, windowDays);
  const failing = a.share > maxShare;
  if (opts.format === "json") {
    io.stdout.write(JSON.stringify({ site, sample: sample ?? null, window: a, maxFailureShare: maxShare, timeoutSeconds, triggered: failing }, null, 2) + "\n");
  } else {
    if (sample) io.stdout.write(`${sample.at}  ${sample.ok ? "ok" : "FAILED"}  ${sample.ms} ms${sample.status ? `  HTTP ${sample.status}` : ""}${sample.reason ? `  ${sample.reason}` : ""}\n`);
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    io.stdout.write(`${site}: ${a.failures} of ${a.samples} sample(s) failed from ${a.from} to ${a.to} (${pct(a.share)}; threshold ${pct(maxShare)}, ${timeoutSeconds} s) — ${failing ? "站点无法访问: veto" : "within the threshold"}\n`);
  }
  return failing ? ExitCode.findings : ExitCode.ok;
}
