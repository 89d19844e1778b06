/**
 * What scripts build: menus written as inline data (arrays or JSON of name/url pairs,
 * zTree node lists with id/pId, nested `children`), and lists or menus that a script
 * loads from elsewhere, which zwgk cannot read and must say so rather than call a
 * column empty or missing.
 */
import type { NavNode } from "./nav.js";
import { resolveHref } from "./text.js";

const NAME_KEYS = ["name", "text", "title", "label", "menuName", "menuname", "chnlName", "chnlname", "channelName", "columnName", "catalogName", "lmmc", "mc"];
const URL_KEYS = ["url", "href", "link", "linkUrl", "linkurl", "path", "chnlUrl", "chnlurl", "columnUrl", "channelUrl", "src"];
const CHILD_KEYS = ["children", "child", "childs", "sub", "subs", "submenu", "subMenu", "items", "nodes", "list"];
const CJK = /[\u3400-\u9fff]/;
const MAX_NAME = 30;
const MAX_SCRIPT = 400_000;

/** Menus written as inline data in the page's scripts, as navigation trees. */
export function extractScriptMenus(scripts: string, pageUrl: string): NavNode[] {
  if (!scripts || scripts.length > MAX_SCRIPT || !CJK.test(scripts)) return [];
  const out: NavNode[] = [];
  for (let i = 0; i < scripts.length; i++) {
    const ch = scripts[i];
    if (ch !== "[" && ch !== "{") continue;
    // Cheap filter: a menu literal names an entry within its first few hundred characters.
    const ahead = scripts.slice(i, i + 300);
    if (!CJK.test(ahead) || !/(?:name|text|title|label|url|href|link|mc)\b|["'][^"']*\/[^"']*["']/i.test(ahead)) continue;
    const parser = new LiteralParser(scripts, i);
    const value = parser.parse();
    if (value === FAIL) continue;
    const nodes = toNodes(value, pageUrl);
    if (countNodes(nodes) >= 2) {
      out.push(...nodes);
      i = parser.pos - 1;
    }
  }
  return out;
}

function toNodes(value: unknown, pageUrl: string): NavNode[] {
  if (!Array.isArray(value)) {
    if (value && typeof value === "object") {
      const one = objectNode(value as Record<string, unknown>, pageUrl);
      if (one) return [one];
      // { menu: [...] } and the like: look one level down.
      return Object.values(value as Record<string, unknown>).flatMap((v) => (Array.isArray(v) ? toNodes(v, pageUrl) : []));
    }
    return [];
  }
  // A pair: ["政策解读", "/zwgk/zcjd/"].
  if (value.length === 2 && typeof value[0] === "string" && typeof value[1] === "string") {
    const pair = pairNode(value[0], value[1], pageUrl);
    return pair ? [pair] : [];
  }
  const objects = value.filter((v): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v));
  if (objects.length && objects.every((o) => "pId" in o || "pid" in o || "parentId" in o)) return flatTree(objects, pageUrl);
  return value.flatMap((v) => toNodes(v, pageUrl));
}

function objectNode(o: Record<string, unknown>, pageUrl: string): NavNode | null {
  const name = firstString(o, NAME_KEYS);
  const rawUrl = firstString(o, URL_KEYS);
  const childList = CHILD_KEYS.map((k) => o[k]).find(Array.isArray) as unknown[] | undefined;
  const children = childList ? toNodes(childList, pageUrl) : [];
  if (!name || !CJK.test(name) || name.length > MAX_NAME) return null;
  const url = rawUrl ? resolveHref(rawUrl, pageUrl) : null;
  if (!url && !children.length) return null;
  return { name: name.trim(), url, children };
}

function pairNode(a: string, b: string, pageUrl: string): NavNode | null {
  const [name, href] = CJK.test(a) && !CJK.test(b) ? [a, b] : CJK.test(b) && !CJK.test(a) ? [b, a] : [null, null];
  if (!name || !href || name.length > MAX_NAME || !/[/.]/.test(href)) return null;
  const url = resolveHref(href, pageUrl);
  return url ? { name: name.trim(), url, children: [] } : null;
}

/** zTree "simple data": [{ id: 1, pId: 0, name, url }, …] → a tree. */
function flatTree(objects: Record<string, unknown>[], pageUrl: string): NavNode[] {
  const byId = new Map<string, NavNode>();
  const parentOf = new Map<NavNode, string>();
  const roots: NavNode[] = [];
  for (const o of objects) {
    const name = firstString(o, NAME_KEYS);
    if (!name || !CJK.test(name) || name.length > MAX_NAME) continue;
    const rawUrl = firstString(o, URL_KEYS);
    const node: NavNode = { name: name.trim(), url: rawUrl ? resolveHref(rawUrl, pageUrl) : null, children: [] };
    byId.set(String(o.id ?? o.Id ?? o.ID ?? ""), node);
    parentOf.set(node, String(o.pId ?? o.pid ?? o.parentId ?? ""));
  }
  for (const [node, pid] of parentOf) {
    const parent = byId.get(pid);
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

function firstString(o: Record<string, unknown>, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === "string" && v.trim()) return v;
  }
  return undefined;
}

function countNodes(nodes: NavNode[]): number {
  return nodes.reduce((n, node) => n + 1 + countNodes(node.children), 0);
}

const FAIL = Symbol("fail");
/** Thrown when a bracket does not open a literal. Not an Error: capturing a stack trace for each of the many tried brackets showed in the bench profile. */
const NOT_A_LITERAL = Object.freeze({ notALiteral: true });

/**
 * A forgiving reader of JavaScript literals (objects, arrays, strings in either quote,
 * numbers, unquoted keys). Anything else — a function call, an expression — fails the
 * literal; the caller then tries the next bracket.
 */
const KEY = /[A-Za-z_$][\w$]*/y;

class LiteralParser {
  pos: number;
  private depth = 0;
  constructor(
    private readonly src: string,
    start: number,
  ) {
    this.pos = start;
  }

  parse(): unknown {
    try {
      return this.value();
    } catch {
      return FAIL;
    }
  }

  private value(): unknown {
    this.space();
    const ch = this.src[this.pos];
    if (ch === "[") return this.array();
    if (ch === "{") return this.object();
    if (ch === '"' || ch === "'") return this.string();
    const m = /^(-?\d+(?:\.\d+)?|true|false|null|undefined)/.exec(this.src.slice(this.pos, this.pos + 32));
    if (m) {
      this.pos += m[0].length;
      return m[0] === "true" ? true : m[0] === "false" ? false : m[0] === "null" || m[0] === "undefined" ? null : Number(m[0]);
    }
    throw NOT_A_LITERAL;
  }

  private array(): unknown[] {
    if (++this.depth > 12) throw NOT_A_LITERAL;
    this.pos++;
    const out: unknown[] = [];
    for (;;) {
      this.space();
      if (this.src[this.pos] === "]") {
        this.pos++;
        break;
      }
      out.push(this.value());
      this.space();
      if (this.src[this.pos] === ",") this.pos++;
      else if (this.src[this.pos] !== "]") throw NOT_A_LITERAL;
    }
    this.depth--;
    return out;
  }

  private object(): Record<string, unknown> {
    if (++this.depth > 12) throw NOT_A_LITERAL;
    this.pos++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.space();
      if (this.src[this.pos] === "}") {
        this.pos++;
        break;
      }
      const ch = this.src[this.pos];
      let key: string;
      if (ch === '"' || ch === "'") key = this.string();
      else {
        KEY.lastIndex = this.pos;
        const m = KEY.exec(this.src);
        if (!m) throw NOT_A_LITERAL;
        key = m[0];
        this.pos += key.length;
      }
      this.space();
      if (this.src[this.pos] !== ":") throw NOT_A_LITERAL;
      this.pos++;
      out[key] = this.value();
      this.space();
      if (this.src[this.pos] === ",") this.pos++;
      else if (this.src[this.pos] !== "}") throw NOT_A_LITERAL;
    }
    this.depth--;
    return out;
  }

  private string(): string {
    const quote = this.src[this.pos]!;
    let out = "";
    for (this.pos++; this.pos < this.src.length; this.pos++) {
      const ch = this.src[this.pos]!;
      if (ch === quote) {
        this.pos++;
        return out;
      }
      if (ch === "\n") throw NOT_A_LITERAL;
      if (ch === "\\") {
        const next = this.src[++this.pos]!;
        if (next === "u") {
          out += String.fromCharCode(parseInt(this.src.slice(this.pos + 1, this.pos + 5), 16));
          this.pos += 4;
        } else out += next === "n" ? "\n" : next === "t" ? "\t" : next;
        continue;
      }
      out += ch;
    }
    throw NOT_A_LITERAL;
  }

  private space(): void {
    for (;;) {
      const rest = this.src.slice(this.pos, this.pos + 2);
      if (/^\s/.test(rest)) this.pos++;
      else if (rest === "//") {
        const end = this.src.indexOf("\n", this.pos);
        this.pos = end < 0 ? this.src.length : end;
      } else if (rest === "/*") {
        const end = this.src.indexOf("*/", this.pos + 2);
        this.pos = end < 0 ? this.src.length : end + 2;
      } else return;
      if (this.pos >= this.src.length) throw NOT_A_LITERAL;
    }
  }
}

export interface ScriptLoads {
  /** What a script loads the page's list from (a URL or the loader's name). */
  list?: string;
  /** What a script loads the page's menu or tree from. */
  menu?: string;
}

const LOADER = /(?:\$|jQuery)\s*\.\s*(?:ajax|get|post|getJSON|load)\s*\(|\bfetch\s*\(|new\s+XMLHttpRequest|\baxios\s*[.(]/g;
const LIST_WORDS = /list|page|lanmu|column|channel|chnl|info|article|record|query|search|xxgk|catalog|dataproxy/i;
// column/channel appear in list APIs too (getColumnList.do): only words that mean a menu or tree.
const MENU_WORDS = /menu|tree|nav|lanmu|catalog|mulu|gkml/i;

/**
 * Lists and menus a script fetches at run time. The loader's URL (the first string
 * argument near the call) names what it is for; a loader whose URL says nothing about
 * lists or menus (visit counters, weather) is ignored.
 */
export function detectScriptLoads(scripts: string): ScriptLoads {
  const out: ScriptLoads = {};
  if (/dataproxy\.jsp/i.test(scripts) && !/<datastore>/i.test(scripts)) out.list = "jpage dataproxy.jsp";
  LOADER.lastIndex = 0;
  for (let m = LOADER.exec(scripts); m; m = LOADER.exec(scripts)) {
    const near = scripts.slice(m.index, m.index + 400);
    const target = /["'`]([^"'`\s]*(?:\/|\.json|\.jsp|\.do|\.action|\.php|\.aspx)[^"'`\s]*)["'`]/.exec(near)?.[1];
    const what = target ?? near.slice(0, 60);
    // zTree and similar trees name their container next to the loader.
    if (!out.menu && (MENU_WORDS.test(target ?? "") || /zTree|\.tree\(|treeData|menuData/i.test(near))) out.menu = what;
    else if (!out.list && LIST_WORDS.test(target ?? "")) out.list = what;
  }
  if (!out.menu && /async\s*:\s*\{\s*enable\s*:\s*true/.test(scripts) && /zTree/i.test(scripts)) out.menu = "zTree async";
  return out;
}
