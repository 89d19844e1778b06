/** Text as a person reads it: whitespace (incl. &nbsp; and full-width spaces) folded. */
export function cleanText(text: string | undefined | null): string {
  return (text ?? "")
    .replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, " ")
    .replace(CJK_GAP, "")
    .trim();
}

// A line break inside a CJK name (政府信息<br>公开指南) is layout, not a word boundary.
const CJK_GAP = /(?<=[\u3400-\u9fff\uff01-\uff60\u3001-\u303f]) (?=[\u3400-\u9fff\uff01-\uff60\u3001-\u303f])/g;

/** Resolves an href against the page URL; null for javascript:, mailto:, tel:, fragments and garbage. */
export function resolveHref(href: string | undefined, base: string): string | null {
  if (!href) return null;
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
