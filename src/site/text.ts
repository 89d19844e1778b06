/** Text as a person reads it: whitespace (incl. &nbsp; and full-width spaces) folded. */
export function cleanText(text: string | undefined | null): string {
  const folded = (text ?? "").replace(WHITESPACE, " ");
  let space = folded.indexOf(" ");
  if (space < 0) return folded;
  // A line break inside a CJK name (政府信息<br>公开指南) is layout, not a word boundary.
  // A loop rather than a lookbehind regex: this runs on every page's whole text.
  let out = "";
  let from = 0;
  for (; space >= 0; space = folded.indexOf(" ", space + 1)) {
    if (space > 0 && space + 1 < folded.length && isCjk(folded.charCodeAt(space - 1)) && isCjk(folded.charCodeAt(space + 1))) {
      out += folded.slice(from, space);
      from = space + 1;
    }
  }
  return (from === 0 ? folded : out + folded.slice(from)).trim();
}

const WHITESPACE = /[\s\u00a0\u3000\u200b\ufeff]+/g;

/** CJK ideographs, full-width forms and CJK punctuation. */
function isCjk(c: number): boolean {
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xff01 && c <= 0xff60) || (c >= 0x3001 && c <= 0x303f);
}

/** Resolves an href against the page URL; null for javascript:, mailto:, tel:, fragments and garbage. */
export function resolveHref(href: string | undefined, base: string): string | null {
  if (!href) return null;
  // One page's extraction resolves the same hrefs several times (menu, list, links, paging):
  // remembered per base URL, since new URL() showed in the bench profile.
  if (base !== memoBase) {
    memoBase = base;
    // A new map, not clear(): a long-lived map's old table would keep this page's hrefs (slices
    // of its HTML) reachable for the young-generation GC, which then promotes the whole page.
    memo = new Map();
  }
  const known = memo.get(href);
  if (known !== undefined) return known;
  // Absolute URLs and root-relative paths (the menu on every page) resolve the same on every
  // page of an origin: remembered across pages too.
  const siteWide = /^https?:\/\//i.test(href) ? href : href[0] === "/" && href[1] !== "/" ? `${originOf(base)}${href}` : null;
  let resolved = siteWide === null ? undefined : shared.get(siteWide);
  if (resolved === undefined) {
    resolved = resolve(href, base);
    if (siteWide !== null) {
      if (shared.size >= 20_000) shared.clear();
      // The href is a slice of its page: as a key of this long-lived map it would keep the page alive.
      shared.set(detach(siteWide), resolved);
    }
  }
  if (memo.size < 10_000) memo.set(href, resolved);
  return resolved;
}

let memoBase = "";
let memo = new Map<string, string | null>();
const shared = new Map<string, string | null>();

function originOf(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url)?.[0] ?? url;
}

function resolve(href: string, base: string): string | null {
  const h = href.trim();
  if (!h || h.startsWith("#") || /^(javascript|mailto|tel|data|about):/i.test(h)) return null;
  try {
    const u = new URL(h, base);
    if (u.protocol !== "http:" && u.protocol !== "https:" && u.protocol !== "file:") return null;
    u.hash = "";
    return u.href;
  } catch {
    return null;
  }
}

/**
 * A copy of a string cut from a page that no longer refers to the page. V8 keeps a substring
 * of 13 characters or more as a slice of its parent: a link text in the crawl queue would keep
 * the whole decoded page alive (about 60 KB) until the link is visited.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}
