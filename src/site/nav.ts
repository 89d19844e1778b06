/**
 * Navigation: header menus, left-hand 信息公开目录 trees (nested ul/li, dl/dt/dd, h3 + ul
 * accordions). Entries that exist only inside HTML comments are never seen: the parser
 * keeps comments as comment nodes, not elements.
 */
import type { AnyNode, Element } from "domhandler";
import { findAll, insideAny, isLinkElement, textOf, type PageDom } from "./dom.js";
import { cleanText, resolveHref } from "./text.js";

export interface NavNode {
  name: string;
  url: string | null;
  children: NavNode[];
}

const MAX_NAME = 30;

/** Menus and trees: the page's navigation containers (dom.ts), outside breadcrumbs, outermost first. */
export function extractNav(dom: PageDom, pageUrl: string): NavNode[] {
  const containers = [...dom.nav].filter((el) => !insideAny(el, dom.breadcrumb) && el.name !== "body" && el.name !== "html" && el.name !== "a" && el.name !== "li");
  const set = new Set(containers);
  // Outermost containers only: a menu's inner .subnav belongs to the menu's tree.
  const roots = containers.filter((el) => !(el.parent && insideAny(el.parent, set)));
  const trees: NavNode[] = [];
  for (const root of roots) {
    const nodes = nodesIn(root, pageUrl);
    if (nodes.length) trees.push(...nodes);
  }
  return dedupe(trees);
}

function nodesIn(container: Element, pageUrl: string): NavNode[] {
  const out: NavNode[] = [];
  const kids = container.children.filter((c): c is Element => c.type === "tag");
  for (let i = 0; i < kids.length; i++) {
    const el = kids[i]!;
    const tag = el.name;
    if (tag === "script" || tag === "style" || tag === "form" || tag === "select" || tag === "input") continue;
    if (tag === "ul" || tag === "ol") {
      for (const li of el.children) if (li.type === "tag" && (li as Element).name === "li") pushNode(out, itemNode(li as Element, pageUrl));
    } else if (tag === "dl") {
      out.push(...definitionList(el, pageUrl));
    } else if (tag === "a") {
      pushNode(out, anchorNode(el, pageUrl, []));
    } else if (/^h[1-6]$/.test(tag) && i + 1 < kids.length && isListLike(kids[i + 1]!)) {
      // Accordion: <h3>法定主动公开内容</h3><ul>…</ul>
      const head = headNode(el, pageUrl);
      head.children = nodesIn(kids[i + 1]!, pageUrl);
      i++;
      pushNode(out, head);
    } else {
      out.push(...nodesIn(el, pageUrl));
    }
  }
  return out;
}

function isListLike(el: Element): boolean {
  return el.name === "ul" || el.name === "ol" || el.name === "dl" || (el.name === "div" && el.children.some((c) => c.type === "tag" && ["ul", "ol", "dl", "a"].includes((c as Element).name)));
}

function definitionList(dl: Element, pageUrl: string): NavNode[] {
  const out: NavNode[] = [];
  let current: NavNode | null = null;
  for (const child of dl.children) {
    if (child.type !== "tag") continue;
    const el = child as Element;
    if (el.name === "dt") {
      current = headNode(el, pageUrl);
      current.children = nodesIn(el, pageUrl).filter((n) => n.name !== current!.name);
      pushNode(out, current);
    } else if (el.name === "dd") {
      const nodes = nodesIn(el, pageUrl);
      if (current) current.children.push(...nodes);
      else out.push(...nodes);
    }
  }
  return out;
}

/** An <li>: its own link (not one inside a nested list) and the lists nested in it. */
function itemNode(li: Element, pageUrl: string): NavNode | null {
  const own = firstOwnAnchor(li);
  const nested = li.children.filter((c): c is Element => c.type === "tag" && c !== own && !(own && isAncestor(c as Element, own)));
  const children = nested.flatMap((c) => (c.name === "a" ? [anchorNode(c, pageUrl, [])].filter(isNode) : nodesIn(wrap(c), pageUrl)));
  if (own) return anchorNode(own, pageUrl, children);
  const name = cleanText(ownText(li));
  if (!name || name.length > MAX_NAME) return children.length ? { name: "", url: null, children } : null;
  return { name, url: null, children };
}

/** nodesIn looks at a container's children; wrap lets it look at an element itself. */
function wrap(el: Element): Element {
  return { type: "tag", name: "#wrapper", children: [el], attribs: {} } as unknown as Element;
}

function headNode(el: Element, pageUrl: string): NavNode {
  const a = findAll(el, isLinkElement, 1)[0];
  const name = cleanText(textOf(a ?? el)).slice(0, MAX_NAME);
  return { name, url: a ? resolveHref(a.attribs.href, pageUrl) : null, children: [] };
}

function anchorNode(a: Element, pageUrl: string, children: NavNode[]): NavNode | null {
  const name = cleanText(textOf(a)) || cleanText(a.attribs.title);
  if (!name || name.length > MAX_NAME) return children.length ? { name: "", url: null, children } : null;
  return { name, url: resolveHref(a.attribs.href, pageUrl), children };
}

function firstOwnAnchor(li: Element): Element | undefined {
  const stack: AnyNode[] = [...li.children];
  while (stack.length) {
    const node = stack.shift()!;
    if (node.type !== "tag") continue;
    const el = node as Element;
    if (el.name === "ul" || el.name === "ol" || el.name === "dl") continue;
    if (el.name === "a") return el;
    stack.unshift(...el.children);
  }
  return undefined;
}

function isAncestor(candidate: Element, node: Element): boolean {
  for (let p = node.parent; p; p = p.parent) if (p === candidate) return true;
  return false;
}

function ownText(el: Element): string {
  return el.children
    .filter((c) => c.type === "text" || (c.type === "tag" && !["ul", "ol", "dl", "script", "style"].includes((c as Element).name)))
    .map((c) => (c.type === "text" ? (c as unknown as { data: string }).data : tagText(c as Element)))
    .join("");
}

/** Text of an element's tags (scripts and styles left out). */
function tagText(el: Element): string {
  return el.children.map((c) => (c.type === "text" ? (c as unknown as { data: string }).data : c.type === "tag" ? tagText(c as Element) : "")).join("");
}

function pushNode(out: NavNode[], node: NavNode | null): void {
  if (!node) return;
  if (!node.name) out.push(...node.children); // an unnamed wrapper adds nothing to the tree
  else out.push(node);
}

function isNode(n: NavNode | null): n is NavNode {
  return n !== null;
}

/** The same link under the same name, twice at one level (mobile + desktop menus), is kept once. */
function dedupe(nodes: NavNode[]): NavNode[] {
  const seen = new Set<string>();
  const out: NavNode[] = [];
  for (const n of nodes) {
    const key = `${n.name}\u0000${n.url ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...n, children: dedupe(n.children) });
  }
  return out;
}

/** Depth-first walk with each node's ancestors' names. */
export function* walkNav(nodes: NavNode[], ancestors: string[] = []): Generator<{ node: NavNode; ancestors: string[] }> {
  for (const node of nodes) {
    yield { node, ancestors };
    yield* walkNav(node.children, [...ancestors, node.name]);
  }
}
