/** `zwgk inspect <url-or-file>`. */
import { Option, type Command } from "commander";
import { ExitCode } from "../../errors.js";
import { formatInspectText, inspectTarget } from "../inspect.js";
import { validDate, type CliIO, type SetExit } from "../io.js";

export function registerInspect(program: Command, io: CliIO, setExit: SetExit): void {
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
}
