/**
 * Exit codes, as documented in README.md and docs/exit-codes (DESIGN.md §5):
 * findings never map to 2; 2 is reserved for the tool's own input being wrong.
 */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  incomplete: 3,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error meant for the user: its message is one line that says what went wrong and
 * what to do, and it carries the exit code the CLI should end with.
 */
export class ZwgkError extends Error {
  readonly exitCode: ExitCodeValue;
  constructor(message: string, exitCode: ExitCodeValue, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ZwgkError";
    this.exitCode = exitCode;
  }
}

/** A configuration or usage problem (bad option, bad rulebook, bad registry): exit 2. */
export class UsageError extends ZwgkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.usage, options);
    this.name = "UsageError";
  }
}

/** The check could not run or finish (site unreachable, interrupted): exit 3. */
export class IncompleteError extends ZwgkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.incomplete, options);
    this.name = "IncompleteError";
  }
}

/** The most specific human-readable reason behind an error chain, on one line. */
export function describeCause(error: unknown): string {
  let current: unknown = error;
  const parts: string[] = [];
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      const text = current.message || String(code ?? current.name);
      if (!parts.includes(text)) parts.push(typeof code === "string" && !text.includes(code) ? `${text} (${code})` : text);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(": ").replace(/\s+/g, " ").trim() || "unknown error";
}
