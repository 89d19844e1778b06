/**
 * Column names as real sites write them vary: 信息公开目录 vs 政府信息公开目录, full-width vs
 * half-width, spaces, 《》 and “”. Names are compared by key: normalised, then mapped
 * through the rulebook's alias dictionary to a canonical name. URL slugs are compared with
 * the pinyin initials of a name (政府信息公开目录 → zfxxgkml).
 */
import { pinyin } from "pinyin-pro";

/** NFKC folds full-width forms; quotes, book-title marks, spaces and a trailing 栏目 carry no meaning. */
export function normaliseName(name: string): string {
  return name
    .normalize("NFKC")
    .replace(/[\s《》〈〉“”‘’"'「」『』【】\[\]]/g, "")
    .replace(/栏目$/, "")
    .toLowerCase();
}

/**
 * Template names in task tables (本区县（本部门）规范性文件) stand for the unit's own column:
 * a 区县政府 writes 本区县规范性文件 or just 规范性文件, a department 本部门规范性文件. Both sides
 * of a comparison drop the template prefix, so each unit's own wording matches.
 */
const TEMPLATE_PREFIX = /^本(?:区县|部门|级|市|机关|单位)(?:\(本(?:区县|部门|级|机关|单位)\))?(?=.)/;
export function resolveTemplate(normalised: string): string {
  return normalised.replace(TEMPLATE_PREFIX, "");
}

/** The 信息公开 tree's upper levels: both path families name the same tree (DESIGN.md §2). */
const FAMILY_ROOTS = ["政务公开", "政府信息公开", "信息公开", "政府信息公开目录", "信息公开目录", "政府信息公开专栏", "法定主动公开内容", "主动公开内容", "法定主动公开", "部门信息公开目录", "政务公开目录"].map(normaliseName);

export class NameMatcher {
  private readonly canonical = new Map<string, string>();
  private readonly initialsCache = new Map<string, string>();

  constructor(aliases: Record<string, string[]>) {
    for (const [name, variants] of Object.entries(aliases)) {
      const key = resolveTemplate(normaliseName(name));
      for (const v of variants) this.canonical.set(resolveTemplate(normaliseName(v)), key);
    }
  }

  private readonly keyCache = new Map<string, string>();

  /** Memoised: a crawl compares the same few hundred names thousands of times. */
  key(name: string): string {
    let hit = this.keyCache.get(name);
    if (hit === undefined) {
      const n = resolveTemplate(normaliseName(name));
      hit = this.canonical.get(n) ?? n;
      this.keyCache.set(name, hit);
    }
    return hit;
  }

  same(a: string, b: string): boolean {
    return this.key(a) === this.key(b);
  }

  isFamilyRoot(name: string): boolean {
    const n = normaliseName(name);
    return FAMILY_ROOTS.includes(n) || FAMILY_ROOTS.includes(this.key(name));
  }

  initials(name: string): string {
    let hit = this.initialsCache.get(name);
    if (hit === undefined) {
      hit = pinyin(name.normalize("NFKC"), { pattern: "first", toneType: "none", type: "array", nonZh: "removed" })
        .join("")
        .replace(/[^a-z0-9]/gi, "")
        .toLowerCase();
      this.initialsCache.set(name, hit);
    }
    return hit;
  }

  /**
   * Whether a URL slug spells the name's pinyin initials. Sites pick readings for
   * polyphones by hand (准入 → jr on some sites), so one differing letter is tolerated
   * in slugs of five letters or more.
   */
  slugMatches(slug: string, name: string): boolean {
    const want = this.initials(name);
    const s = slug.toLowerCase();
    if (want.length < 2) return false;
    if (s === want) return true;
    if (s.length !== want.length || s.length < 5) return false;
    let diff = 0;
    for (let i = 0; i < s.length; i++) if (s[i] !== want[i]) diff++;
    return diff <= 1;
  }
}

/** The directory names of a URL's path: /zwgk/zfxxgkml/scjrfmqd/index.html → [zwgk, zfxxgkml, scjrfmqd]. */
const slugCache = new Map<string, string[]>();

export function urlSlugs(url: string | null): string[] {
  if (!url) return [];
  let hit = slugCache.get(url);
  if (!hit) {
    if (slugCache.size > 100_000) slugCache.clear(); // bounded: a long-lived library process must not grow forever
    hit = computeSlugs(url);
    slugCache.set(url, hit);
  }
  return hit;
}

function computeSlugs(url: string): string[] {
  try {
    const parts = new URL(url).pathname.split("/").filter(Boolean);
    if (parts.length && /\.[a-z]+$/i.test(parts[parts.length - 1]!)) parts.pop();
    return parts.map((p) => decodeURIComponent(p).toLowerCase());
  } catch {
    return [];
  }
}
