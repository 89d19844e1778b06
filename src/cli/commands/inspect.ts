/** `zwgk inspect <url-or-file>`. */
import { Option, type Command } from "commander";
import { ExitCode } from "../../errors.js";
import { DEFAULTS } from "../../check/index.js";
import { addConnectionOptions, connectionFrom, type ConnectionCliOptions } from "../crawl-options.js";
import { formatInspectText, inspectTarget } from "../inspect.js";
import { positiveInt, validDate, type CliIO, type SetExit } from "../io.js";

export function registerInspect(program: Command, io: CliIO, setExit: SetExit): void {
  const command = program
    .command("inspect")
    .description("show what zwgk extracts from one page: title, breadcrumb, navigation, items, paging")
    .argument("<url-or-file>", "an http(s) URL or a saved HTML file")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("--as-of <date>", "reference day for dates written without a year (YYYY-MM-DD)")
    .option("--timeout <ms>", "request timeout in milliseconds", positiveInt("--timeout"), DEFAULTS.timeoutMs);
  addConnectionOptions(command).action(async (target: string, opts: InspectCliOptions) => {
    const asOf = opts.asOf ? validDate(opts.asOf) : undefined;
    // A saved file needs no connection; a URL goes through the same TLS trust and proxy as check.
    const connection = /^https?:\/\//i.test(target) ? await connectionFrom(opts, io) : undefined;
    try {
      const result = await inspectTarget(target, { cwd: io.cwd, asOf, timeoutMs: opts.timeout, ...(connection ? { dispatcher: connection.dispatcher, userAgent: connection.userAgent } : {}) });
      io.stdout.write(opts.format === "json" ? JSON.stringify(result, null, 2) + "\n" : formatInspectText(result));
      setExit(ExitCode.ok);
    } finally {
      await connection?.close();
    }
  });
}

interface InspectCliOptions extends ConnectionCliOptions {
  format: string;
  asOf?: string;
  timeout: number;
}
