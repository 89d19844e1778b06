import type { Report } from "./types.js";

/** The JSON contract (docs/report.schema.json). */
export function formatJson(report: Report): string {
  return JSON.stringify(report, null, 2) + "\n";
}
