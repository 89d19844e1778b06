/**
 * Matching a rule's path (政务公开 → 政府信息公开目录 → 市场准入负面清单) onto the columns a
 * crawl found. The last segment must match the column (by name, alias or URL slug); every
 * segment above it that is specific (not one of the 信息公开 tree's generic roots) must
 * appear among the column's ancestors or URL slugs. Generic roots may be absent or named
 * differently: sites hang the same tree under different roots.
 */
import type { Column, SiteModel } from "../site/model.js";
import { NameMatcher, urlSlugs } from "./names.js";

export interface ColumnMatch {
  column: Column;
  /** What recognised it: the column's source, or "slug". */
  via: string;
  score: number;
}

const SOURCE_SCORE: Record<string, number> = { breadcrumb: 40, meta: 30, nav: 20, link: 10 };

export function findColumn(model: SiteModel, path: readonly string[], names: NameMatcher): ColumnMatch | null {
  const leaf = path[path.length - 1]!;
  const specific = path.slice(0, -1).filter((s) => !names.isFamilyRoot(s));
  let best: ColumnMatch | null = null;
  for (const column of model.columns()) {
    const slugs = urlSlugs(column.url);
    const byName = names.same(column.name, leaf);
    const bySlug = !byName && slugs.length > 0 && names.slugMatches(slugs[slugs.length - 1]!, leaf);
    if (!byName && !bySlug) continue;
    const ancestorsOk = specific.every((s) => column.ancestors.some((a) => names.same(a, s)) || slugs.slice(0, -1).some((slug) => names.slugMatches(slug, s)));
    if (!ancestorsOk) continue;
    const familyHits = path.slice(0, -1).filter((s) => column.ancestors.some((a) => names.same(a, s))).length;
    let score = (SOURCE_SCORE[column.source] ?? 0) + familyHits * 5 + (byName ? 10 : 0) + (column.url ? 5 : 0);
    if (column.url && model.page(column.url)) score += 20; // its page was fetched: we can judge its content
    if (!best || score > best.score) best = { column, via: bySlug ? "slug" : column.source, score };
  }
  return best;
}

/** Sub-columns of a column: columns whose ancestors include it, for parents like 规划信息. */
export function childColumns(model: SiteModel, parent: Column, names: NameMatcher): Column[] {
  const seen = new Set<string>();
  const out: Column[] = [];
  for (const c of model.columns()) {
    const last = c.ancestors[c.ancestors.length - 1];
    if (!last || !names.same(last, parent.name)) continue;
    const key = names.key(c.name);
    if (seen.has(key) || names.same(c.name, parent.name)) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}
