/**
 * robots.txt, read the way RFC 9309 says: a 2xx file is obeyed (Allow/Disallow and the
 * Crawl-delay extension), a 4xx means no rules, and a file that cannot be fetched because
 * the server fails (5xx, timeouts) means "disallow everything" — the crawler then reports
 * the site as unreachable with that reason, instead of guessing.
 */
import { createRequire } from "node:module";

// robots-parser is CommonJS whose typings claim an ES default export; require() gives the
// function itself under both tsx and the compiled build.
const robotsParser = createRequire(import.meta.url)("robots-parser") as typeof import("robots-parser").default;

export type RobotsStatus = "found" | "none" | "unreachable" | "ignored";

export interface RobotsPolicy {
  /** The robots.txt URL of this origin. */
  url: string;
  status: RobotsStatus;
  /** One line for the report when the status needs explaining. */
  detail?: string;
  /** Crawl-delay for our user agent, in ms, when the file sets one. */
  crawlDelayMs?: number;
  /** Why robots.txt could not be fetched, when it could not (the host's own failure, e.g. TLS). */
  failure?: { reason: string; kind: string };
  allowed(url: string): boolean;
}

/** The biggest Crawl-delay honoured as written; longer ones are capped (the report says so). */
export const MAX_CRAWL_DELAY_MS = 60_000;

export function robotsUrl(pageUrl: string): string {
  return new URL("/robots.txt", pageUrl).href;
}

export function ignoredRobots(pageUrl: string): RobotsPolicy {
  return { url: robotsUrl(pageUrl), status: "ignored", detail: "robots.txt ignored (--ignore-robots)", allowed: () => true };
}

/**
 * Builds the policy from the outcome of fetching robots.txt.
 * `body` is the file's text for a 2xx, `status` the HTTP status (undefined when no
 * response came), `failure` the reason when none did.
 */
export function robotsPolicy(url: string, userAgent: string, outcome: { status?: number; body?: string; failure?: string; failureKind?: string }): RobotsPolicy {
  const { status, body, failure, failureKind } = outcome;
  if (status !== undefined && status >= 200 && status < 300) {
    const robots = robotsParser(url, body ?? "");
    const delay = robots.getCrawlDelay(userAgent);
    const crawlDelayMs = typeof delay === "number" && delay > 0 ? Math.min(delay * 1000, MAX_CRAWL_DELAY_MS) : undefined;
    const capped = typeof delay === "number" && delay * 1000 > MAX_CRAWL_DELAY_MS ? ` (Crawl-delay ${delay} s capped at ${MAX_CRAWL_DELAY_MS / 1000} s)` : "";
    return {
      url,
      status: "found",
      ...(crawlDelayMs ? { crawlDelayMs, detail: `robots.txt Crawl-delay: ${crawlDelayMs / 1000} s honoured${capped}` } : {}),
      // robots-parser answers undefined for URLs of another origin: those are not ours to judge.
      allowed: (target) => robots.isAllowed(target, userAgent) !== false,
    };
  }
  if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
    return { url, status: "none", allowed: () => true };
  }
  const why = failure ?? `HTTP ${status}`;
  return {
    url,
    status: "unreachable",
    detail: `robots.txt could not be fetched (${why}); RFC 9309 treats that as "disallow all" — retry later, or use --ignore-robots`,
    ...(failure ? { failure: { reason: failure, kind: failureKind ?? "network" } } : {}),
    allowed: () => false,
  };
}
