/**
 * One walk over a parsed page that sorts its elements into what extraction asks about:
 * menus, breadcrumbs, header and footer, content blocks, links, scripts, frames, meta tags.
 *
 * Why: extraction used to ask cheerio a dozen case-insensitive attribute selectors
 * (`[class*="nav" i], …`) per page, each a sweep of the whole DOM; the bench profile
 * showed those sweeps at about a fifth of a full crawl's CPU. One walk with plain string
 * tests classifies every element once. The tests below are the selectors' exact meaning
 * (`[class*="x" i]` = the class attribute contains x, any case).
 */
import render from "dom-serializer";
import type { AnyNode, Document, Element, Text } from "domhandler";
import { parseDocument } from "htmlparser2";

export interface PageDom {
  root: Document;
  /** <body> elements (usually one); the root stands in when there is none. */
  bodies: Element[];
  /** `a[href]`, in document order. */
  anchors: Element[];
  /** `a[href]` outside <noscript> and <template>: the links a visitor sees. */
  shownAnchors: Element[];
  scripts: Element[];
  /** `iframe[src], frame[src]` outside <noscript> and <template>. */
  frames: Element[];
  metas: Element[];
  title: Element | null;
  h1: Element | null;
  /** Bare <datastore> elements (a Hanweb dataproxy answer; inside scripts they are text). */
  datastores: Element[];
  /** TRS breadcrumb links: `a.CurrChnlCls`. */
  currentChannelLinks: Element[];
  /** NAV_CONTAINERS: nav, [class|id*=nav|menu|tree|side], [class*=lanmu|column-list]. */
  nav: Set<Element>;
  /** BREADCRUMB_CONTAINERS: [class|id*=crumb|position|location|dqwz], [class*=bread|weizhi|curpath|cur-path|dangqian]. */
  breadcrumb: Set<Element>;
  /** Layout: header, footer, [class|id*=header|footer]. */
  layout: Set<Element>;
  /** Chrome: nav ∪ breadcrumb ∪ layout, what is not a page's own content or list. */
  chrome: Set<Element>;
  /** Content blocks: .TRS_Editor, article, #zoom, .zoom, [class*=content|article|detail|main-txt|text], [id*=content]. */
  content: Element[];
  /** Text nodes outside scripts and styles that contain 位 (every breadcrumb label names 位置). */
  positionTexts: Text[];
}

const SKIP_TEXT = new Set(["script", "style"]);

/**
 * Parses with htmlparser2, the parser behind cheerio's `xml` backend, without cheerio's
 * wrapper: `cheerio.load` builds a class per document, which cost about 0.8 ms a page and
 * kept each DOM alive long enough to be promoted to the old generation (the bench's peak
 * RSS). Nothing here needs cheerio's API once the elements are indexed.
 */
export function parseDom(html: string): PageDom {
  return indexDom(parseDocument(html, { decodeEntities: true }));
}

/** Markup of one element (text re-encoded, as cheerio's .html() gives it: it is parsed again). */
export function outerHtml(el: Element): string {
  return render(el, { decodeEntities: true });
}

function indexDom(root: Document): PageDom {
  const dom: PageDom = {
    root,
    bodies: [],
    anchors: [],
    shownAnchors: [],
    scripts: [],
    frames: [],
    metas: [],
    title: null,
    h1: null,
    datastores: [],
    currentChannelLinks: [],
    nav: new Set(),
    breadcrumb: new Set(),
    layout: new Set(),
    chrome: new Set(),
    content: [],
    positionTexts: [],
  };
  walk(root, dom, false, false);
  for (const set of [dom.nav, dom.breadcrumb, dom.layout]) for (const el of set) dom.chrome.add(el);
  return dom;
}

function walk(node: AnyNode, dom: PageDom, inScript: boolean, hidden: boolean): void {
  const children = (node as Element).children;
  if (!children) return;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.type === "text") {
      if (!inScript && (child as Text).data.includes("位")) dom.positionTexts.push(child as Text);
      continue;
    }
    if (child.type !== "tag" && child.type !== "script" && child.type !== "style") continue;
    const el = child as Element;
    classify(el, dom, hidden);
    walk(el, dom, inScript || SKIP_TEXT.has(el.name), hidden || el.name === "noscript" || el.name === "template");
  }
}

function classify(el: Element, dom: PageDom, hidden: boolean): void {
  const name = el.name;
  const attribs = el.attribs;
  switch (name) {
    case "a":
      if (attribs.href !== undefined) {
        dom.anchors.push(el);
        if (!hidden) dom.shownAnchors.push(el);
      }
      break;
    case "script":
      dom.scripts.push(el);
      break;
    case "iframe":
    case "frame":
      if (attribs.src !== undefined && !hidden) dom.frames.push(el);
      break;
    case "meta":
      dom.metas.push(el);
      break;
    case "title":
      dom.title ??= el;
      break;
    case "h1":
      dom.h1 ??= el;
      break;
    case "body":
      dom.bodies.push(el);
      break;
    case "datastore":
      dom.datastores.push(el);
      break;
  }
  const rawClass = attribs.class;
  const rawId = attribs.id;
  const cls = rawClass ? rawClass.toLowerCase() : "";
  const id = rawId ? rawId.toLowerCase() : "";
  if (name === "a" && rawClass && hasClassWord(rawClass, "CurrChnlCls")) dom.currentChannelLinks.push(el);
  if (name === "nav" || has(cls, id, "nav") || has(cls, id, "menu") || has(cls, id, "tree") || has(cls, id, "side") || cls.includes("lanmu") || cls.includes("column-list")) dom.nav.add(el);
  if (
    has(cls, id, "crumb") ||
    has(cls, id, "position") ||
    has(cls, id, "location") ||
    has(cls, id, "dqwz") ||
    (cls && (cls.includes("bread") || cls.includes("weizhi") || cls.includes("curpath") || cls.includes("cur-path") || cls.includes("dangqian")))
  ) {
    dom.breadcrumb.add(el);
  }
  if (name === "header" || name === "footer" || has(cls, id, "header") || has(cls, id, "footer")) dom.layout.add(el);
  if (
    name === "article" ||
    rawId === "zoom" ||
    id.includes("content") ||
    (rawClass && (hasClassWord(rawClass, "TRS_Editor") || hasClassWord(rawClass, "zoom"))) ||
    (cls && (cls.includes("content") || cls.includes("article") || cls.includes("detail") || cls.includes("main-txt") || cls.includes("text")))
  ) {
    dom.content.push(el);
  }
}

function has(cls: string, id: string, word: string): boolean {
  return (cls.length > 0 && cls.includes(word)) || (id.length > 0 && id.includes(word));
}

/** `.word`: one of the whitespace-separated class names, case-sensitive as CSS has it. */
function hasClassWord(classAttr: string, word: string): boolean {
  const at = classAttr.indexOf(word);
  if (at < 0) return false;
  return classAttr.split(/\s+/).includes(word);
}

/** All text under a node, scripts included (what cheerio's .text() returns). */
export function textOf(node: AnyNode): string {
  if (node.type === "text") return (node as Text).data;
  if (node.type === "comment") return "";
  return childText(node as Element);
}

function childText(el: Element): string {
  const children = el.children;
  if (!children || !children.length) return "";
  if (children.length === 1) return textOf(children[0]!);
  let out = "";
  for (let i = 0; i < children.length; i++) out += textOf(children[i]!);
  return out;
}

const INVISIBLE = new Set(["script", "style", "noscript", "template"]);

/** Elements that start a new line or cell when shown: text never runs across their edges. */
const BLOCK = new Set(["address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "option", "p", "pre", "section", "select", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"]);

/** Marks the edges of block elements in `visibleText(node, without, true)`; not a character pages use. */
export const BLOCK_EDGE = "\u0001";

/**
 * Text as shown: without scripts, styles, noscript and template content, and without the
 * subtrees in `without` (menus, breadcrumbs, header and footer, when asked). With `edges`,
 * BLOCK_EDGE marks where a block element (a cell, a paragraph, a list item) starts and ends,
 * so a reader can tell a value that ends at its cell from text that runs on after it.
 */
export function visibleText(node: AnyNode, without?: ReadonlySet<Element>, edges = false): string {
  let out = "";
  const visit = (n: AnyNode) => {
    if (n.type === "text") {
      out += (n as Text).data;
      return;
    }
    if (n.type === "comment") return;
    const el = n as Element;
    if ((n.type === "tag" || n.type === "script" || n.type === "style") && (INVISIBLE.has(el.name) || without?.has(el))) return;
    const edge = edges && BLOCK.has(el.name);
    if (edge) out += BLOCK_EDGE;
    const children = el.children;
    if (children) for (let i = 0; i < children.length; i++) visit(children[i]!);
    if (edge) out += BLOCK_EDGE;
  };
  visit(node);
  return out;
}

/** Whether the element or one of its ancestors is in the set. */
export function insideAny(el: AnyNode, set: ReadonlySet<Element>): boolean {
  if (!set.size) return false;
  for (let p: AnyNode | null = el; p; p = p.parent) if (set.has(p as Element)) return true;
  return false;
}

/** The nearest ancestor (not the node itself) with this tag name. */
export function closestAncestor(el: AnyNode, name: string): Element | null {
  for (let p = el.parent; p; p = p.parent) if ((p as Element).name === name) return p as Element;
  return null;
}

/** Descendant elements, depth first in document order, that pass the test. */
export function findAll(node: AnyNode, test: (el: Element) => boolean, limit = Infinity): Element[] {
  const out: Element[] = [];
  const visit = (n: AnyNode): boolean => {
    const children = (n as Element).children;
    if (!children) return true;
    for (let i = 0; i < children.length; i++) {
      const c = children[i]!;
      if (c.type !== "tag" && c.type !== "script" && c.type !== "style") continue;
      if (test(c as Element)) {
        out.push(c as Element);
        if (out.length >= limit) return false;
      }
      if (!visit(c)) return false;
    }
    return true;
  };
  visit(node);
  return out;
}

export function isLinkElement(el: Element): boolean {
  return el.name === "a" && el.attribs.href !== undefined;
}

/** Child elements with one of these tag names. */
export function childElements(el: Element, names?: ReadonlySet<string>): Element[] {
  return el.children.filter((c): c is Element => c.type === "tag" && (!names || names.has((c as Element).name)));
}

/** The next sibling that is an element. */
export function nextElement(el: Element): Element | null {
  for (let n = el.next; n; n = n.next) if (n.type === "tag") return n as Element;
  return null;
}
