/**
 * What the crawl may visit, and the guards that make every crawl end.
 *
 * Scope: the start host, its www/non-www twin and hosts the user allows (--allow-host),
 * narrowed by --include / --exclude patterns and a depth cap.
 *
 * Traps: CMS pages that generate links forever. A calendar whose "next day" link never
 * runs out, a search page whose filters multiply, a session id in every URL, a relative
 * link that nests a path inside itself (/a/b/a/b/a/b/…). Each guard caps the family of
 * URLs rather than trying to prove a loop, so a crawl always ends.
 */

export interface ScopeOptions {
  /** Extra hosts (and their www twins) that belong to the site. */
  allowHosts?: string[];
  /** A URL must match one of these to be visited (the start page always is). */
  include?: RegExp[];
  /** A URL matching one of these is never visited. */
  exclude?: RegExp[];
  /** Link hops from the start page. */
  maxDepth: number;
}

export type SkipReason = "out-of-scope" | "excluded" | "not-included" | "depth" | "trap";

const bareHost = (host: string) => host.toLowerCase().replace(/^www\./, "").replace(/\.$/, "");

export class Scope {
  private readonly hosts = new Set<string>();

  constructor(
    startUrl: string,
    private readonly options: ScopeOptions,
  ) {
    this.hosts.add(bareHost(new URL(startUrl).hostname));
    for (const h of options.allowHosts ?? []) this.hosts.add(bareHost(h.includes("://") ? new URL(h).hostname : h.replace(/[:/].*$/, "")));
  }

  /** A start page that redirects to another host moves the site there (old domain → new). */
  addSite(url: string): void {
    this.hosts.add(bareHost(new URL(url).hostname));
  }

  get siteHosts(): string[] {
    return [...this.hosts];
  }

  /** Host-level scope, re-checked on every redirect hop. */
  readonly inScope = (url: string): boolean => {
    try {
      const u = new URL(url);
      return (u.protocol === "http:" || u.protocol === "https:") && this.hosts.has(bareHost(u.hostname));
    } catch {
      return false;
    }
  };

  /** Whether a discovered link may be queued, and if not, why. */
  admit(url: string, depth: number): SkipReason | null {
    if (!this.inScope(url)) return "out-of-scope";
    if (this.options.exclude?.some((re) => re.test(url))) return "excluded";
    if (this.options.include?.length && !this.options.include.some((re) => re.test(url))) return "not-included";
    if (depth > this.options.maxDepth) return "depth";
    return null;
  }
}

/** Query parameters that carry a session, not a page: dropped so one page is one URL. */
const SESSION_PARAMS = /^(jsessionid|phpsessid|aspsessionid\w*|sessionid|session_id|sid|cfid|cftoken|_?token|s)$/i;
/** ;jsessionid=… in the path (Java servlet URL rewriting) and (S(…)) of ASP.NET cookieless sessions. */
const PATH_SESSION = /;jsessionid=[^/?#]*|\/\(S\([a-z0-9]+\)\)/gi;

/** The key under which a URL counts as already seen: the www twin serves the same pages. */
export function visitKey(url: string): string {
  return url.replace(/^(https?:\/\/)www\./i, "$1");
}

/** The URL without fragment and session ids: the key a page is known by. */
export function canonicalUrl(url: string): string {
  const u = new URL(url);
  u.hash = "";
  u.pathname = u.pathname.replace(PATH_SESSION, "");
  const params = [...u.searchParams.keys()];
  // `s` alone is too common a name to treat as a session unless its value looks like one.
  for (const name of params) {
    if (!SESSION_PARAMS.test(name)) continue;
    if (name.toLowerCase() === "s" && !/^[0-9a-f]{16,}$/i.test(u.searchParams.get(name) ?? "")) continue;
    u.searchParams.delete(name);
  }
  if (params.length && !u.searchParams.toString()) u.search = "";
  return u.href;
}

export interface TrapLimits {
  /** Distinct query strings on one path. */
  maxQueryVariants: number;
  /** Distinct dates in one date-driven URL family (calendar chains). */
  maxDateVariants: number;
  /** A path segment repeated this often means a relative link nested into itself. */
  maxSegmentRepeats: number;
  maxPathSegments: number;
}

export const DEFAULT_TRAP_LIMITS: TrapLimits = { maxQueryVariants: 20, maxDateVariants: 3, maxSegmentRepeats: 3, maxPathSegments: 20 };

const DATE_PARAM_NAMES = /^(date|day|d|dt|time|ymd|ym|month|year|yyyy|rq|riqi|start(date|time)?|end(date|time)?|from|to|begin|end|calendar|cal|pubdate|week)$/i;
const DATE_VALUE = /^(\d{4})[-/.]?(0?[1-9]|1[0-2])([-/.]?(0?[1-9]|[12]\d|3[01]))?$/;
const DATE_SEGMENT = /^(19|20)\d{2}-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])$/;

/** Caps families of generated URLs; `check` answers why a URL is a trap, or null. */
export class TrapGuard {
  private readonly queryVariants = new Map<string, Set<string>>();
  private readonly dateVariants = new Map<string, Set<string>>();
  /** URLs refused, by guard, for the report. */
  readonly refused: Record<"query" | "calendar" | "path", number> = { query: 0, calendar: 0, path: 0 };

  constructor(private readonly limits: TrapLimits = DEFAULT_TRAP_LIMITS) {}

  check(url: string): string | null {
    const u = new URL(url);
    const segments = u.pathname.split("/").filter(Boolean);
    if (segments.length > this.limits.maxPathSegments || repeatedSegments(segments) >= this.limits.maxSegmentRepeats) {
      this.refused.path++;
      return `repeated or runaway path segments in ${u.pathname.slice(0, 80)}`;
    }
    // A site and its www twin generate the same traps: one family for both.
    const origin = `${u.protocol}//${u.host.replace(/^www\./, "")}`;
    const base = `${origin}${u.pathname}`;
    const dated = this.dateFamily(u, origin, segments);
    if (dated) {
      const seen = this.dateVariants.get(dated.family) ?? new Set<string>();
      if (!seen.has(dated.value) && seen.size >= this.limits.maxDateVariants) {
        this.refused.calendar++;
        return `calendar chain: more than ${this.limits.maxDateVariants} dates of ${dated.family.replace(/^https?:\/\/[^/]+/, "")}`;
      }
      seen.add(dated.value);
      this.dateVariants.set(dated.family, seen);
    }
    if (u.search) {
      const seen = this.queryVariants.get(base) ?? new Set<string>();
      const key = [...u.searchParams].map(([k, v]) => `${k}=${v}`).sort().join("&");
      if (!seen.has(key) && seen.size >= this.limits.maxQueryVariants) {
        this.refused.query++;
        return `query-parameter explosion: more than ${this.limits.maxQueryVariants} variants of ${u.pathname}`;
      }
      seen.add(key);
      this.queryVariants.set(base, seen);
    }
    return null;
  }

  /** The URL with its date masked (the family) and the date itself, when it has one. */
  private dateFamily(u: URL, origin: string, segments: string[]): { family: string; value: string } | null {
    const values: string[] = [];
    const names: string[] = [];
    for (const [k, v] of u.searchParams) {
      if ((DATE_PARAM_NAMES.test(k) && /\d/.test(v)) || DATE_VALUE.test(v) || /^\d{4}-\d{1,2}-\d{1,2}/.test(v)) values.push(`${k}=${v}`);
      else names.push(`${k}=${v}`);
    }
    // /calendar/2024/01/02/ and /20240102/ in paths.
    const masked: string[] = [];
    for (let i = 0; i < segments.length; i++) {
      const s = segments[i]!;
      if (DATE_SEGMENT.test(s.replace(/\.\w+$/, ""))) {
        values.push(s);
        masked.push("#date");
      } else if (/^(19|20)\d{2}$/.test(s) && /^(0?[1-9]|1[0-2])$/.test(segments[i + 1] ?? "") && /^(0?[1-9]|[12]\d|3[01])(\.\w+)?$/.test(segments[i + 2] ?? "")) {
        values.push(segments.slice(i, i + 3).join("/"));
        masked.push("#date");
        i += 2;
      } else {
        masked.push(s);
      }
    }
    if (!values.length) return null;
    return { family: `${origin}/${masked.join("/")}?${names.sort().join("&")}`, value: values.join("&") };
  }
}

/** The most times any one segment appears in the path (e.g. /a/b/a/b/a/b → 3). */
function repeatedSegments(segments: string[]): number {
  const counts = new Map<string, number>();
  let most = 0;
  for (const s of segments) {
    // Short generic segments (1, 2, en …) repeat legitimately; only names count.
    if (s.length < 2 || /^\d+$/.test(s)) continue;
    const n = (counts.get(s) ?? 0) + 1;
    counts.set(s, n);
    most = Math.max(most, n);
  }
  return most;
}
