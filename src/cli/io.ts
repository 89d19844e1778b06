/** What a command needs from its surroundings, passed in so tests run the CLI in-process. */
import { UsageError } from "../errors.js";
import { isRealDate } from "../rules/load.js";

export interface CliIO {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted on Ctrl-C / SIGTERM: the crawl stops and a partial report is written. */
  signal?: AbortSignal;
}

/** Sets the process exit code a command ends with. */
export type SetExit = (code: number) => void;

export function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(/[,，、]/).map((s) => s.trim()).filter(Boolean)];
}

export function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a whole number of 1 or more, not "${value}"`);
    return n;
  };
}

export function validUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`invalid URL "${value}": give an absolute address such as https://www.example.gov.cn/`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`invalid URL "${value}": only http:// and https:// sites can be checked`);
  return url.href;
}

export function validDate(value: string, flag = "--as-of"): string {
  if (!isRealDate(value)) throw new UsageError(`${flag} takes a date as YYYY-MM-DD, not "${value}"`);
  return value;
}
