/**
 * What the user sees while a crawl runs: a live progress line on a terminal (pages
 * fetched, queued, failed, current host, elapsed), one line per request with --verbose.
 * The crawler only emits events; these render them, and only the CLI decides whether a
 * stream is a terminal.
 */
import type { RequestLog } from "./client.js";

export interface CrawlProgress {
  fetched: number;
  queued: number;
  failed: number;
  /** The host of the latest request. */
  host: string;
  elapsedMs: number;
}

export interface Writable {
  write(text: string): unknown;
}

/** Redraws at most this often: a fast crawl must not spend its time painting. */
const REDRAW_MS = 100;

export class ProgressLine {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: Writable,
    private readonly label = "zwgk",
    private readonly now: () => number = Date.now,
  ) {}

  update(p: CrawlProgress): void {
    const t = this.now();
    if (t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    this.draw(p);
  }

  /** Clears the line so the report starts on a clean one. */
  done(): void {
    if (this.drawn) this.stream.write("\r\x1b[K");
    this.drawn = false;
  }

  private draw(p: CrawlProgress): void {
    // \r + erase-line: one line, rewritten in place.
    this.stream.write(`\r\x1b[K${formatProgress(p, this.label)}`);
    this.drawn = true;
  }
}

export function formatProgress(p: CrawlProgress, label = "zwgk"): string {
  const elapsed = p.elapsedMs < 60_000 ? `${(p.elapsedMs / 1000).toFixed(1)} s` : `${Math.floor(p.elapsedMs / 60_000)} min ${Math.round((p.elapsedMs % 60_000) / 1000)} s`;
  return `${label}: ${p.fetched} fetched · ${p.queued} queued · ${p.failed} failed · ${p.host} · ${elapsed}`;
}

/** One --verbose line: `GET <url> → 200 text/html 12.3 KB (85 ms)`. */
export function formatRequestLog(log: RequestLog): string {
  const attempt = log.attempt > 1 ? ` [attempt ${log.attempt}]` : "";
  const retry = log.retryInMs !== undefined ? `; retrying in ${(log.retryInMs / 1000).toFixed(1)} s` : "";
  return `GET ${log.url} → ${log.outcome} (${log.ms} ms)${attempt}${retry}`;
}
