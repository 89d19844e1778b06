/**
 * 站点无法访问 is measured over time, not in one run: `zwgk probe` records one availability
 * sample per call into a JSON-lines history file that a scheduled job appends to, and the
 * share of failures over the last week is judged against the 5 % threshold.
 */
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Dispatcher } from "undici";
import { fetchUrl } from "../crawl/fetch.js";
import { DEFAULT_USER_AGENT } from "../crawl/crawler.js";

export interface ProbeSample {
  /** ISO timestamp of the probe. */
  at: string;
  url: string;
  ok: boolean;
  ms: number;
  status?: number;
  reason?: string;
}

export interface ProbeOptions {
  timeoutSeconds: number;
  now?: () => Date;
  /** TLS trust and proxy; undici's global dispatcher when absent. */
  dispatcher?: Dispatcher;
  userAgent?: string;
}

export async function probeOnce(url: string, options: ProbeOptions): Promise<ProbeSample> {
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  const at = now().toISOString();
  const outcome = await fetchUrl(url, {
    timeoutMs: options.timeoutSeconds * 1000,
    maxBytes: 1024 * 1024,
    maxRedirects: 10,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    inScope: () => true,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
  const ms = Math.round(performance.now() - started);
  if (!outcome.ok) return { at, url, ok: false, ms, ...(outcome.status ? { status: outcome.status } : {}), reason: outcome.reason };
  return { at, url, ok: true, ms, status: outcome.status };
}

export async function appendSample(file: string, sample: ProbeSample): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, JSON.stringify(sample) + "\n");
}

/** Reads a history file; malformed lines are skipped and counted, never fatal. */
export async function readHistory(file: string): Promise<{ samples: ProbeSample[]; skipped: number }> {
  const text = await readFile(file, "utf8");
  const samples: ProbeSample[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const s = JSON.parse(line) as ProbeSample;
      if (typeof s.at === "string" && typeof s.ok === "boolean" && typeof s.url === "string") samples.push(s);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { samples, skipped };
}

export interface Availability {
  samples: number;
  failures: number;
  share: number;
  from: string;
  to: string;
}

/** Failure share of one site's samples in the window of `windowDays` ending at `asOf` (inclusive). */
export function availability(samples: ProbeSample[], site: string, asOf: string, windowDays: number): Availability {
  const to = Date.parse(asOf + "T23:59:59.999Z");
  const from = to - windowDays * 86_400_000 + 1;
  const host = safeHost(site);
  const inWindow = samples.filter((s) => safeHost(s.url) === host && Date.parse(s.at) >= from && Date.parse(s.at) <= to);
  const failures = inWindow.filter((s) => !s.ok).length;
  return { samples: inWindow.length, failures, share: inWindow.length ? failures / inWindow.length : 0, from: new Date(from).toISOString().slice(0, 10), to: asOf };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
