/**
 * The command line: parse options, call the library, pick formatters, set the exit code.
 * `main` takes argv and its streams as parameters so tests run it in-process exactly as
 * the shell runs bin/zwgk.js; only runFromProcess touches the real process. Each command
 * lives in its own file under commands/.
 */
import { Command, CommanderError } from "commander";
import { toolVersion } from "../check/index.js";
import { describeCause, ExitCode, IncompleteError, ZwgkError } from "../errors.js";
import { registerCheck } from "./commands/check.js";
import { registerInspect } from "./commands/inspect.js";
import { registerRules } from "./commands/rules.js";
import { registerProbe } from "./commands/probe.js";
import { registerReport } from "./commands/report.js";
import { applyCliV8Flags } from "./heap.js";
import type { CliIO, SetExit } from "./io.js";

export type { CliIO } from "./io.js";

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

function buildProgram(io: CliIO, setExit: SetExit): Command {
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
  registerCheck(program, io, setExit);
  registerInspect(program, io, setExit);
  registerRules(program, io, setExit);
  registerProbe(program, io, setExit);
  registerReport(program, io, setExit);
  return program;
}

/** The bin's entry point: real argv, streams and signals. */
export function runFromProcess(): void {
  applyCliV8Flags();
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
