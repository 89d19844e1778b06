import { formatJson } from "./json.js";
import { formatText, type TextOptions } from "./text.js";
import type { Report } from "./types.js";

export type Formatter = (report: Report, options: TextOptions) => string;

/** Every output format, by name. Each is a pure function of the report object. */
export const FORMATTERS: Record<string, Formatter> = {
  text: formatText,
  json: formatJson,
};

export { formatJson, formatText, type TextOptions };
export * from "./types.js";
