/** Runs the CLI in-process (main) or as the installed binary (bin/zwgk.js), capturing everything. */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { main } from "../../src/cli/main.js";

export const repoRoot = resolve(import.meta.dirname, "..", "..");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], options: { cwd?: string; env?: Record<string, string>; signal?: AbortSignal } = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { ...options.env },
    cwd: options.cwd ?? repoRoot,
    signal: options.signal,
  });
  return { code, stdout, stderr };
}

/** The real binary, as a user runs it (needs `npm run build`, which `npm test` does first). */
export function runBin(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve(repoRoot, "bin", "zwgk.js"), ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { PATH: process.env.PATH ?? "", ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}
