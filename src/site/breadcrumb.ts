/**
 * Breadcrumbs (当前位置：首页 > 政务公开 > …) are the most reliable statement of which column a
 * page belongs to. Sites label and mark them up in many ways; see DESIGN.md §3.
 */
import type { AnyNode, Element } from "domhandler";
import { textOf, type PageDom } from "./dom.js";
import { cleanText, resolveHref } from "./text.js";

export interface Crumb {
  name: string;
  url: string | null;
}

export const BREADCRUMB_LABEL = /^(?:您?(?:当前|现在)?(?:所在|的)?位置|当前所在位置|您当前所在位置|您当前的位置|您现在的位置|您所在的位置|当前栏目|所在栏目)\s*[:：]?\s*/;
const LABEL_ANYWHERE = /(?:当前位置|所在位置|当前的位置|现在的位置|您的位置)\s*[:：]?/;
const SEPARATORS = /\s*(?:>>|->|→|»|›|＞|>|\/|\\|·)\s*/;
const LABEL_BLOCKS = new Set(["div", "p", "span", "td", "h2", "h3", "h4", "li", "ul"]);

/** Segments as displayed (without the 当前位置 label), with each segment's link where it has one. */
export function extractBreadcrumb(dom: PageDom, pageUrl: string): Crumb[] {
  const candidates: Element[] = [...dom.breadcrumb];
  // TRS sites mark breadcrumb links with CurrChnlCls whatever the container is called.
  for (const a of dom.currentChannelLinks) if (a.parent && a.parent.type === "tag") candidates.push(a.parent as Element);
  // Containers without a telling class: blocks whose text starts with a label. Found from the
  // label's own text node upwards, not by reading the text of every block on the page (that
  // was quadratic in nesting depth and showed in the bench profile).
  for (const node of dom.positionTexts) {
    // Every label names 位置; the folding (当 前 位 置) only when the cheap test passed.
    if (!LABEL_ANYWHERE.test(cleanText(node.data))) continue;
    for (let p = node.parent; p && p.type === "tag"; p = p.parent) {
      const el = p as Element;
      if (!LABEL_BLOCKS.has(el.name)) continue;
      const text = cleanText(textOf(el));
      if (text.length >= 300) break;
      if (LABEL_ANYWHERE.test(text.slice(0, 20))) candidates.push(el);
    }
  }
  let best: Crumb[] = [];
  let bestScore = 0;
  for (const el of candidates) {
    const text = cleanText(textOf(el));
    if (!text || text.length > 300) continue;
    const crumbs = crumbsOf(el, pageUrl);
    if (crumbs.length < 2 && !(crumbs.length === 1 && LABEL_ANYWHERE.test(text))) continue;
    // Prefer labelled, then linked, then more specific (fewer characters per segment) containers.
    const labelled = LABEL_ANYWHERE.test(text) ? 4 : 0;
    const linked = crumbs.some((c) => c.url) ? 2 : 0;
    const startsHome = /^(首页|网站首页|主页)$/.test(crumbs[0]?.name ?? "") ? 2 : 0;
    const score = labelled + linked + startsHome + Math.min(crumbs.length, 8) / 10 - text.length / 10_000;
    if (score > bestScore) {
      best = crumbs;
      bestScore = score;
    }
  }
  return best;
}

function crumbsOf(container: Element, pageUrl: string): Crumb[] {
  const tokens: Crumb[] = [];
  const visit = (node: AnyNode) => {
    if (node.type === "text") {
      for (const piece of (node as unknown as { data: string }).data.split(SEPARATORS)) {
        const name = cleanText(piece);
        if (name) tokens.push({ name, url: null });
      }
      return;
    }
    if (node.type !== "tag") return;
    const el = node as Element;
    if (el.name === "script" || el.name === "style") return;
    if (el.name === "a") {
      const name = cleanText(textOf(el)) || cleanText(el.attribs.title);
      if (name) tokens.push({ name, url: resolveHref(el.attribs.href, pageUrl) });
      return;
    }
    for (const child of el.children) visit(child);
  };
  for (const child of container.children) visit(child);
  // Drop the label (it may be its own token or glued to the first segment) and separator-only tokens.
  const out: Crumb[] = [];
  for (const t of tokens) {
    const name = t.name.replace(BREADCRUMB_LABEL, "").replace(/^[>»›＞/\-\s]+|[>»›＞/\s]+$/g, "").trim();
    if (!name || /^[>»›＞/\-|·]+$/.test(name)) continue;
    if (name.length > 40) return []; // prose, not a breadcrumb
    out.push({ name, url: t.url });
  }
  return out;
}
