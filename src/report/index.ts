import { formatCsv } from "./csv.js";
import { formatHtml } from "./html.js";
import { formatJson } from "./json.js";
import { formatJunit } from "./junit.js";
import { formatMarkdown } from "./md.js";
import { formatText, type TextOptions } from "./text.js";
import { formatXlsx } from "./xlsx.js";
import type { Report } from "./types.js";

/** Options every formatter receives; only the text format reads them today. */
export type FormatOptions = TextOptions;
/** Text formats return a string; xlsx returns bytes (and needs a file: it cannot go to a terminal). */
export type FormatOutput = string | Uint8Array;
export type Formatter = (report: Report, options: FormatOptions) => FormatOutput | Promise<FormatOutput>;

/** Every output format, by name. Each is a pure function of the report object. */
export const FORMATTERS: Record<string, Formatter> = {
  text: formatText,
  json: formatJson,
  html: formatHtml,
  md: formatMarkdown,
  csv: formatCsv,
  xlsx: formatXlsx,
  junit: formatJunit,
};

/** Formats whose output is bytes, not text: written to a file, never to stdout. */
export const BINARY_FORMATS: ReadonlySet<string> = new Set(["xlsx"]);

/** The format an --output file gets from its extension. */
export const FORMAT_BY_EXTENSION: Readonly<Record<string, string>> = {
  ".json": "json",
  ".html": "html",
  ".htm": "html",
  ".md": "md",
  ".csv": "csv",
  ".xlsx": "xlsx",
  ".xml": "junit",
  ".txt": "text",
};

/** Renders one format; always a promise, whichever kind of formatter it is. */
export async function render(format: string, report: Report, options: FormatOptions = {}): Promise<FormatOutput> {
  const formatter = FORMATTERS[format];
  if (!formatter) throw new Error(`unknown format "${format}"`);
  return await formatter(report, options);
}

export { formatCsv, formatHtml, formatJson, formatJunit, formatMarkdown, formatText, formatXlsx, type TextOptions };
export { applyBaseline } from "./baseline.js";
export { mergeReports, type NamedReport } from "./merge.js";
export { readReport, reportProblems, reportSchemaPath } from "./read.js";
export { parseShard, selectShard, shardOf, type Shard } from "./shard.js";
export { failingProblems, failsRun, isProblem, ruleRows, unitRows, type FailOn, type RuleRow, type UnitRow } from "./summary.js";
export * from "./types.js";
