/** Reading a stored JSON report back (zwgk report, --baseline, merge), checked against its published schema. */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { UsageError } from "../errors.js";
import { displayPath, docsDir } from "../rules/paths.js";
import type { Report } from "./types.js";

export const reportSchemaPath = resolve(docsDir, "report.schema.json");

let validator: ValidateFunction | undefined;

/** Validates a parsed report against docs/report.schema.json; returns the problems, [] when valid. */
export function reportProblems(data: unknown): string[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(reportSchemaPath, "utf8")) as object);
  if (validator(data)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword}`);
}

/** Reads a zwgk JSON report; a file that is missing, not JSON or not a report is a usage error naming the file. */
export async function readReport(file: string, cwd = process.cwd(), what = "report"): Promise<Report> {
  const absolute = resolve(cwd, file);
  const shown = displayPath(absolute, cwd);
  let text: string;
  try {
    text = await readFile(absolute, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(`${shown}: cannot read ${what}${code === "ENOENT" ? ": no such file" : `: ${(error as Error).message}`}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new UsageError(`${shown}: ${what} is not valid JSON (${(error as Error).message}); give a report written with --format json`, { cause: error });
  }
  const problems = reportProblems(data);
  if (problems.length) {
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : "";
    throw new UsageError(`${shown}: not a zwgk JSON report (schemaVersion 1): ${problems.slice(0, 3).join("; ")}${more}`);
  }
  return data as Report;
}
