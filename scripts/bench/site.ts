/**
 * The benchmark's synthetic government site (示例区人民政府): the structure real 区县 portals
 * have — a header menu, a 信息公开目录 tree of ~60 columns on every 信息公开 page,
 * breadcrumbs (当前位置：首页 > …), column lists of 20 dated items (li > a + span) with
 * TRS paging (createPageHTML plus the static pager such CMSs render beside it), detail
 * pages with the 索引号/发布机构/成文日期/发布日期 table, pages of about 40 KB, and every
 * other page GBK-encoded with its charset only in <meta> (the server sends none).
 *
 * Column names are the paths of rules/chongqing-2021.yaml, so `zwgk check` judges real
 * rules on it. Output is deterministic for a given size (seeded PRNG), written to a
 * directory the caller picks (a temporary one: never committed).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import iconv from "iconv-lite";
import { pinyin } from "pinyin-pro";

/** The day the site's dates count back from; run zwgk with --as-of this day. */
export const AS_OF = "2026-06-30";
export const SITE_NAME = "示例区人民政府";
export const ITEMS_PER_LIST_PAGE = 20;
/** Aimed-at size of a page's HTML text (UTF-8 bytes; the GBK half is smaller on the wire). */
export const TARGET_PAGE_BYTES = 40 * 1024;

type ColumnKind = "parent" | "list" | "content";

interface ColumnDef {
  name: string;
  kind: ColumnKind;
  children?: ColumnDef[];
  /** A list that says 暂无信息. */
  empty?: boolean;
  /** Content pages: the text carries the 政府信息公开指南 fields. */
  fields?: boolean;
}

const list = (name: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({ name, kind: "list", ...extra });
const content = (name: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({ name, kind: "content", ...extra });
const parent = (name: string, children: ColumnDef[]): ColumnDef => ({ name, kind: "parent", children });

/**
 * The 信息公开 tree: every path of rules/chongqing-2021.yaml (46 nodes) plus the columns
 * a real 法定主动公开内容 and 政府信息公开目录 also carry, 59 nodes in all.
 */
const FULL_TREE: ColumnDef[] = [
  parent("政府信息公开", [
    content("政府信息公开指南", { fields: true }),
    list("政府信息公开制度"),
    parent("法定主动公开内容", [
      { ...content("机关简介"), children: [content("联系我们", { fields: true })] },
      content("领导信息"),
      parent("履职依据", [list("行政法规"), list("国务院部门规章"), list("市政府规章"), list("本区县（本部门）规范性文件")]),
      parent("规划信息", [list("国民经济和社会发展规划"), list("专项规划"), list("区域规划", { empty: true }), list("国土空间规划")]),
      list("预算/决算"),
      list("收费项目"),
      list("人事信息"),
      list("政府采购"),
      list("重大建设项目"),
      list("统计信息"),
      list("行政许可"),
      list("行政处罚"),
      list("建议提案办理"),
      list("应急管理"),
      list("审计信息"),
    ]),
    list("政府信息公开年报"),
    content("依申请公开"),
  ]),
  parent("政务公开", [
    parent("政府信息公开目录", [
      list("市场准入负面清单"),
      list("建设高标准市场体系"),
      list("反不正当竞争"),
      list("地方政府债务"),
      list("惠民惠农资金"),
      parent("疫情防控", [list("疫情通报"), list("重要政策"), list("政策解读"), parent("防疫服务", [list("发热门诊"), list("核酸检测点"), list("疫苗接种点")])]),
      parent("六稳六保", [list("重要政策"), list("政策解读")]),
      list("政策解读"),
      list("市政府规章"),
      list("政府公报"),
      list("法治政府建设年度报告"),
      list("爱国卫生运动", { empty: true }),
      list("健康科普"),
      list("健康中国重庆行动"),
      list("公共企事业单位信息公开"),
      list("财政预决算"),
      list("通知公告"),
      list("工作动态"),
    ]),
  ]),
];

/** A small unit's site (multi-host part): the national-baseline 政府信息公开 columns only. */
const SMALL_TREE: ColumnDef[] = [
  parent("政府信息公开", [
    content("政府信息公开指南", { fields: true }),
    list("政府信息公开制度"),
    parent("法定主动公开内容", [content("机关简介"), list("预算/决算"), list("政府采购")]),
    list("政府信息公开年报"),
  ]),
];

/** Header-menu columns outside the 信息公开 tree (news lists carry the site's freshest items). */
const NEWS: ColumnDef[] = [list("要闻动态"), list("通知公告"), list("部门动态")];
const PLAIN_SECTIONS = [
  { name: "办事服务", slug: "bsfw" },
  { name: "互动交流", slug: "hdjl" },
  { name: "走进示例区", slug: "zjsl" },
];

interface Column {
  name: string;
  kind: ColumnKind;
  /** Directory URL path, e.g. /zwgk/zfxxgkml/scjrfmqd/ */
  dir: string;
  /** Names from the section down to this column (首页 excluded). */
  path: string[];
  /** URL of each segment of path. */
  pathDirs: string[];
  children: Column[];
  empty: boolean;
  fields: boolean;
  inTree: boolean;
  /** Items in the list (detail pages), decided by the page budget. */
  items: number;
  weight: number;
  /** Days between consecutive items. */
  step: number;
}

export interface SiteManifest {
  /** HTML pages the site has (every one reachable by links). */
  pages: number;
  gbkPages: number;
  columns: number;
  treeNodes: number;
  listPages: number;
  detailPages: number;
  /** Mean HTML text size per page (UTF-8 bytes) and bytes on the wire. */
  meanPageBytes: number;
  meanWireBytes: number;
  asOf: string;
  small: boolean;
}

export interface GenerateOptions {
  /** Total HTML pages wanted. */
  pages: number;
  /** The small-unit profile (fewer columns) used for the multi-host part. */
  small?: boolean;
  /** Varies titles and dates between sites of the same size. */
  seed?: number;
  siteName?: string;
}

function slug(name: string): string {
  const fixed: Record<string, string> = { 政务公开: "zwgk", 政府信息公开: "xxgk" };
  return fixed[name] ?? pinyin(name.normalize("NFKC"), { pattern: "first", toneType: "none", type: "array", nonZh: "removed" }).join("").toLowerCase();
}

function buildColumns(defs: ColumnDef[], base: string, path: string[], pathDirs: string[], inTree: boolean, counter: { n: number }): Column[] {
  return defs.map((d) => {
    const dir = `${base}${slug(d.name)}/`;
    const i = counter.n++;
    const col: Column = {
      name: d.name,
      kind: d.kind,
      dir,
      path: [...path, d.name],
      pathDirs: [...pathDirs, dir],
      children: [],
      empty: d.empty === true,
      fields: d.fields === true,
      inTree,
      items: 0,
      // Uneven like real sites: a few busy columns, many quiet ones.
      weight: d.kind === "list" && !d.empty ? [3, 1, 2, 1, 1, 4, 1, 2, 1, 1, 2, 1][i % 12]! : 0,
      step: [1, 2, 3, 5, 7, 2, 4][i % 7]!,
    };
    col.children = buildColumns(d.children ?? [], dir, col.path, col.pathDirs, inTree, counter);
    return col;
  });
}

function walk(cols: Column[], out: Column[] = []): Column[] {
  for (const c of cols) {
    out.push(c);
    walk(c.children, out);
  }
  return out;
}

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SENTENCES = [
  "为深入贯彻落实党中央、国务院决策部署，进一步做好政务公开工作，切实保障人民群众的知情权、参与权、表达权和监督权，结合本区实际，制定本方案。",
  "各街道办事处、各镇人民政府，区政府各部门，有关单位：现将有关事项通知如下，请结合实际认真贯彻执行。",
  "坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开，加强政策解读和回应关切。",
  "按照“谁公开、谁审查、谁负责”的原则，严格执行信息发布保密审查制度，确保公开内容准确、及时、规范。",
  "进一步优化营商环境，持续深化“放管服”改革，推动政务服务事项全面实现网上可办、一次办好。",
  "各单位要高度重视，明确分管领导和具体承办人员，建立工作台账，按时完成各项目标任务。",
  "对工作中发现的问题，要及时整改到位，并将整改情况于每季度末报送区政府办公室。",
  "加强财政资金使用管理，规范资金拨付程序，提高资金使用效益，主动接受社会监督。",
  "本区将持续完善基层政务公开标准目录，推动公开事项清单化、标准化、规范化。",
  "联系人：区政府办公室政务公开科，联系电话：023-12345678，传真：023-12345679。",
  "依据《中华人民共和国政府信息公开条例》第十九条、第二十条规定，现予以主动公开。",
  "加快推进重点项目建设，强化要素保障，确保全年目标任务如期完成，为经济社会高质量发展提供有力支撑。",
  "统筹做好疫情防控和经济社会发展工作，落实“四早”要求，守牢不发生规模性疫情底线。",
  "广泛听取社会公众意见建议，对公众关注度高的事项及时作出回应，增强政策透明度。",
];
const TITLE_FORMS = [
  (c: string, n: number) => `关于做好${c}相关工作的通知（第${n}期）`,
  (c: string, n: number) => `示例区${c}情况公示（${n}）`,
  (c: string, n: number) => `关于印发《示例区${c}实施方案》的通知〔${n}〕`,
  (c: string, n: number) => `示例区${c}工作进展情况通报第${n}号`,
  (c: string, n: number) => `${c}有关事项的公告（${n}号）`,
];

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The same stylesheet and scripts real CMS templates inline on every page. */
const INLINE_CSS = (() => {
  const rules: string[] = [];
  for (let i = 0; i < 90; i++) rules.push(`.mod-${i} .item-${i % 7}{margin:${i % 9}px ${i % 5}px;padding:0 ${i % 11}px;font-size:${12 + (i % 6)}px;color:#${((i * 2654435761) >>> 8).toString(16).padStart(6, "0").slice(0, 6)};line-height:1.${i % 9}}`);
  return rules.join("\n");
})();
const INLINE_JS = `var _hmt = _hmt || [];
(function(){var hm=document.createElement("script");hm.src="/js/stat.js?v=20260630";var s=document.getElementsByTagName("script")[0];s.parentNode.insertBefore(hm,s);})();
function createPageHTML(_nPageCount,_nCurrIndex,_sPageName,_sPageExt){if(_nPageCount==null||_nPageCount<=1){return;}var nCurrIndex=_nCurrIndex||0;if(nCurrIndex==0){document.write("<span>首页</span>&nbsp;");}else{document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">首页</a>&nbsp;");}
for(var i=1;i<_nPageCount;i++){if(nCurrIndex==i){document.write("<span>"+(i+1)+"</span>&nbsp;");}}}
var siteConfig={siteId:"5001120001",siteName:"示例区人民政府",searchUrl:"/search/",fontSizes:[12,14,16,18],theme:"default",wza:{enable:true,mode:"care"}};
function setFontSize(n){document.body.style.fontSize=siteConfig.fontSizes[n]+"px";}
function doSearch(){var k=document.getElementById("keyword").value;if(!k){alert("请输入关键字");return false;}window.location.href=siteConfig.searchUrl+"?q="+encodeURIComponent(k);return false;}`;

interface Ctx {
  charset: "utf-8" | "gbk";
  siteName: string;
  header: string;
  tree: string;
  footer: string;
  filler: string[];
}

function renderHeader(news: Column[], roots: Column[], plain: typeof PLAIN_SECTIONS): string {
  const [xxgk, zwgk] = roots;
  const sub = (cols: Column[]) => `<ul class="sub">${cols.map((c) => `<li><a href="${c.dir}">${esc(c.name)}</a></li>`).join("")}</ul>`;
  const zwgkSubs = zwgk ? walk(zwgk.children).slice(0, 6) : [];
  const xxgkSubs = xxgk ? xxgk.children : [];
  return `<div class="header"><div class="top-bar"><span class="date">2026年6月30日 星期二</span><a href="javascript:setFontSize(2)">大字版</a> <a href="javascript:void(0)" id="wza">无障碍</a></div>
<div class="logo"><img src="/images/logo.png" alt="${SITE_NAME}"><h1>${SITE_NAME}</h1></div>
<form class="search" onsubmit="return doSearch()"><input id="keyword" type="text" placeholder="请输入关键字"><button type="submit">搜索</button></form>
<div class="nav"><ul class="nav-list">
<li><a href="/">首页</a></li>
${zwgk ? `<li><a href="${zwgk.dir}">政务公开</a>${sub(zwgkSubs)}</li>` : ""}
${xxgk ? `<li><a href="${xxgk.dir}">政府信息公开</a>${sub(xxgkSubs)}</li>` : ""}
<li><a href="/xwdt/">新闻动态</a>${sub(news)}</li>
${plain.map((s) => `<li><a href="/${s.slug}/">${s.name}</a></li>`).join("\n")}
</ul></div></div>`;
}

function renderTree(cols: Column[]): string {
  const ul = (cs: Column[]): string => `<ul>${cs.map((c) => `<li><a href="${c.dir}" title="${esc(c.name)}">${esc(c.name)}</a>${c.children.length ? ul(c.children) : ""}</li>`).join("")}</ul>`;
  return `<div class="xxgk-tree"><div class="tree-title">信息公开目录</div>${ul(cols)}</div>`;
}

function renderFooter(siteName: string, plain: typeof PLAIN_SECTIONS): string {
  const links = [{ name: "网站首页", slug: "" }, { name: "政府信息公开", slug: "xxgk" }, ...plain];
  return `<div class="footer"><div class="footer-links">${links.map((l) => `<a href="/${l.slug}${l.slug ? "/" : ""}">${l.name}</a>`).join(" | ")}</div>
<p>主办：${siteName}办公室　承办：示例区大数据发展局　地址：示例区行政中心1号楼　邮编：400000</p>
<p>网站标识码：5001120001　<span>渝ICP备05003300号</span>　<span>渝公网安备 50011202500123号</span></p>
<p>联系电话：023-12345678（工作日 9:00-12:00，14:00-17:30）　建议使用1280×768以上分辨率浏览本站</p>
<span id="_ideConac"><img src="/images/red.png" alt="党政机关"></span><span id="_span_jiucuo"><img src="/images/jiucuo.png" alt="政府网站找错"></span>
</div>`;
}

/** Link-free page furniture (专题 banners, notices, hidden widgets) that brings a page to ~40 KB. */
function fillerBlocks(random: () => number): string[] {
  const blocks: string[] = [];
  for (let i = 0; i < 40; i++) {
    const text = Array.from({ length: 2 }, () => SENTENCES[Math.floor(random() * SENTENCES.length)]!).join("");
    blocks.push(`<div class="zt-item mod-${i}"><div class="zt-pic"><img src="/images/logo.png" alt="专题${i + 1}"></div><div class="zt-txt"><h4>专题专栏 ${i + 1}</h4><p class="item-${i % 7}">${text}</p><span class="zt-date">2026-0${1 + (i % 6)}-1${i % 10}</span></div></div>`);
  }
  return blocks;
}

function page(ctx: Ctx, o: { title: string; column?: string; crumbs: { name: string; url?: string }[] | null; tree: boolean; main: string; pubDate?: string; articleTitle?: string }): Buffer {
  const crumbs = o.crumbs
    ? `<div class="position">当前位置：<a href="/">首页</a>${o.crumbs.map((c) => ` &gt; ${c.url ? `<a href="${c.url}">${esc(c.name)}</a>` : `<span>${esc(c.name)}</span>`}`).join("")}</div>`
    : "";
  const head = `<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta charset="${ctx.charset}">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>${esc(o.title)}_${ctx.siteName}</title>
<meta name="SiteName" content="${ctx.siteName}">
<meta name="SiteIDCode" content="5001120001">
${o.column ? `<meta name="ColumnName" content="${esc(o.column)}">` : ""}
${o.articleTitle ? `<meta name="ArticleTitle" content="${esc(o.articleTitle)}">` : ""}
${o.pubDate ? `<meta name="PubDate" content="${o.pubDate} 09:30">` : ""}
<link rel="stylesheet" href="/css/main.css">
<style type="text/css">
${INLINE_CSS}
</style>
<script src="/js/common.js"></script>
<script>${INLINE_JS}</script>
</head><body>`;
  const body = `${ctx.header}
<div class="wrapper">${crumbs}
${o.tree ? `<div class="left">${ctx.tree}</div>` : ""}
<div class="main-content">${o.main}</div>
</div>`;
  let html = `${head}${body}`;
  const tail = `${ctx.footer}\n</body></html>\n`;
  // Pad with page furniture up to the target size.
  let size = Buffer.byteLength(html) + Buffer.byteLength(tail);
  const extras: string[] = [];
  for (const block of ctx.filler) {
    if (size >= TARGET_PAGE_BYTES) break;
    extras.push(block);
    size += Buffer.byteLength(block);
  }
  html += `<div class="zt-box">${extras.join("\n")}</div>${tail}`;
  return ctx.charset === "gbk" ? iconv.encode(html, "gbk") : Buffer.from(html, "utf8");
}

function pagerLinks(total: number, current: number): string {
  if (total <= 1) return "";
  const href = (i: number) => (i === 0 ? "./" : `index_${i}.html`);
  const parts: string[] = [];
  parts.push(current === 0 ? "<span>首页</span>" : `<a href="${href(0)}">首页</a>`);
  if (current > 0) parts.push(`<a href="${href(current - 1)}">上一页</a>`);
  for (let i = Math.max(0, current - 5); i <= Math.min(total - 1, current + 5); i++) parts.push(i === current ? `<span class="cur">${i + 1}</span>` : `<a href="${href(i)}">${i + 1}</a>`);
  if (current < total - 1) parts.push(`<a href="${href(current + 1)}">下一页</a>`);
  parts.push(current === total - 1 ? "<span>尾页</span>" : `<a href="${href(total - 1)}">尾页</a>`);
  return `<div class="page"><script type="text/javascript">createPageHTML(${total}, ${current}, "index", "html");</script><div class="page-links">${parts.join(" ")} <span>共${total}页</span></div></div>`;
}

/**
 * Writes the site into `dir` and returns its manifest. Page count is exact: fixed pages
 * (home, sections, every column's first page) plus list pages and detail pages sharing
 * the rest, 20 items per list page.
 */
export async function generateSite(dir: string, options: GenerateOptions): Promise<SiteManifest> {
  const small = options.small === true;
  const random = rng(0x5eed + (options.seed ?? 0) * 7919 + options.pages);
  const siteName = options.siteName ?? SITE_NAME;
  const counter = { n: 0 };
  const tree = buildColumns(small ? SMALL_TREE : FULL_TREE, "/", [], [], true, counter);
  const news = buildColumns(small ? NEWS.slice(0, 1) : NEWS, "/xwdt/", ["新闻动态"], ["/xwdt/"], false, counter);
  const sections = small ? [] : PLAIN_SECTIONS;
  const treeCols = walk(tree);
  const all = [...treeCols, ...news];
  const listCols = all.filter((c) => c.weight > 0);
  const fixedPages = 1 + 1 /* /xwdt/ */ + sections.length + all.length;
  if (options.pages < fixedPages + listCols.length) throw new Error(`a site needs at least ${fixedPages + listCols.length} pages, not ${options.pages}`);

  // Hand out items one by one, by weight, until fixed + list continuation + detail pages = wanted.
  const totalWeight = listCols.reduce((n, c) => n + c.weight, 0);
  const extraListPages = (c: Column) => Math.max(0, Math.ceil(c.items / ITEMS_PER_LIST_PAGE) - 1);
  let total = fixedPages;
  let credit = listCols.map(() => 0);
  while (total < options.pages) {
    credit = credit.map((x, i) => x + listCols[i]!.weight / totalWeight);
    let best = 0;
    for (let i = 1; i < credit.length; i++) if (credit[i]! > credit[best]!) best = i;
    const col = listCols[best]!;
    credit[best]! -= 1;
    const before = extraListPages(col);
    col.items++;
    const added = 1 + extraListPages(col) - before;
    if (total + added > options.pages) {
      // The last item would need a new list page we have no room for: give it to a column with room.
      col.items--;
      const roomy = listCols.find((c) => c.items % ITEMS_PER_LIST_PAGE !== 0);
      if (!roomy) break;
      roomy.items++;
      total++;
      continue;
    }
    total += added;
  }

  const ctx = (charset: "utf-8" | "gbk"): Ctx => ({ charset, siteName, header, tree: treeHtml, footer, filler });
  const header = renderHeader(news, [tree[0]!, tree[1]].filter((c): c is Column => !!c), sections);
  const treeHtml = renderTree(tree);
  const footer = renderFooter(siteName, sections);
  const filler = fillerBlocks(random);

  let pages = 0;
  let gbkPages = 0;
  let listPages = 0;
  let detailPages = 0;
  let textBytes = 0;
  let wireBytes = 0;
  const pending: Promise<void>[] = [];
  const emit = async (urlPath: string, render: (c: Ctx) => Buffer) => {
    // Alternate encodings page by page: half the site is GBK, as on many older portals.
    const charset = pages % 2 === 1 ? "gbk" : "utf-8";
    const bytes = render(ctx(charset));
    pages++;
    if (charset === "gbk") gbkPages++;
    wireBytes += bytes.length;
    textBytes += charset === "gbk" ? Buffer.byteLength(iconv.decode(bytes, "gbk")) : bytes.length;
    const file = join(dir, urlPath.endsWith("/") ? `${urlPath}index.html` : urlPath);
    pending.push(mkdir(dirname(file), { recursive: true }).then(() => writeFile(file, bytes)));
    if (pending.length >= 64) await Promise.all(pending.splice(0));
  };

  const crumbsOf = (c: Column, self = true) => c.path.map((name, i) => ({ name, url: i < c.path.length - 1 || !self ? c.pathDirs[i] : undefined }));
  const itemTitle = (c: Column, k: number) => TITLE_FORMS[(k + c.name.length) % TITLE_FORMS.length]!(c.name, c.items - k);
  const itemDate = (c: Column, k: number) => addDays(AS_OF, -(1 + (c.step > 3 ? 2 : 0) + k * c.step));
  const itemUrl = (c: Column, k: number, id: number) => {
    const date = itemDate(c, k);
    return `${c.dir}${date.slice(0, 4)}${date.slice(5, 7)}/t${date.replace(/-/g, "")}_${id}.html`;
  };
  let nextId = 100000;
  const text = (sentences: number) => Array.from({ length: sentences }, () => SENTENCES[Math.floor(random() * SENTENCES.length)]!).join("");

  // Home page: menus, the 政府信息公开 block, news lists with recent dates.
  const newsIds = new Map<Column, number>();
  for (const c of [...news, ...listCols.filter((c) => !news.includes(c))]) {
    newsIds.set(c, nextId);
    nextId += c.items;
  }
  const homeList = (c: Column) =>
    `<div class="home-list"><h3><a href="${c.dir}">${esc(c.name)}</a><a class="more" href="${c.dir}">更多&gt;&gt;</a></h3><ul class="list">${Array.from({ length: Math.min(8, c.items) }, (_, k) => `<li><a href="${itemUrl(c, k, newsIds.get(c)! + k)}" target="_blank">${esc(itemTitle(c, k))}</a><span>${itemDate(c, k).slice(5)}</span></li>`).join("")}</ul></div>`;
  const xxgk = tree[0]!;
  await emit("/", (c) =>
    page(c, {
      title: "首页",
      crumbs: null,
      tree: false,
      main: `${news.map(homeList).join("\n")}<div class="xxgk-block"><h3>政府信息公开</h3><ul>${xxgk.children.map((k) => `<li><a href="${k.dir}">${esc(k.name)}</a></li>`).join("")}</ul></div>`,
    }),
  );
  await emit("/xwdt/", (c) => page(c, { title: "新闻动态", column: "新闻动态", crumbs: [{ name: "新闻动态" }], tree: false, main: `<ul class="sub-columns">${news.map((k) => `<li><a href="${k.dir}">${esc(k.name)}</a></li>`).join("")}</ul>${news.map(homeList).join("\n")}` }));
  for (const s of sections) {
    await emit(`/${s.slug}/`, (c) => page(c, { title: s.name, column: s.name, crumbs: [{ name: s.name }], tree: false, main: `<div class="article-content"><h2>${s.name}</h2><p>${text(6)}</p></div>` }));
  }

  for (const col of all) {
    const inTree = col.inTree;
    if (col.kind === "parent") {
      await emit(col.dir, (c) =>
        page(c, {
          title: col.name,
          column: col.name,
          crumbs: crumbsOf(col),
          tree: inTree,
          main: `<div class="column-intro"><h2>${esc(col.name)}</h2><ul class="sub-columns">${col.children.map((k) => `<li><a href="${k.dir}">${esc(k.name)}</a></li>`).join("")}</ul></div>`,
        }),
      );
      continue;
    }
    if (col.kind === "content") {
      const fields = col.fields ? `<p>办公地址：示例区行政中心1号楼203室</p><p>办公时间：工作日上午9:00-12:00，下午14:00-17:30</p><p>联系电话：023-12345678</p><p>传真：023-12345679</p>` : "";
      await emit(col.dir, (c) =>
        page(c, {
          title: col.name,
          column: col.name,
          crumbs: crumbsOf(col),
          tree: inTree,
          main: `<div class="article-content"><h2>${esc(col.name)}</h2><div class="TRS_Editor"><p>${text(8)}</p>${fields}<p>${text(6)}</p></div>${col.children.length ? `<ul class="sub-columns">${col.children.map((k) => `<li><a href="${k.dir}">${esc(k.name)}</a></li>`).join("")}</ul>` : ""}</div>`,
        }),
      );
      continue;
    }
    const firstId = newsIds.get(col) ?? 0;
    const listTotal = Math.max(1, Math.ceil(col.items / ITEMS_PER_LIST_PAGE));
    for (let p = 0; p < listTotal; p++) {
      const rows = col.empty || col.items === 0
        ? `<div class="no-data">暂无信息</div>`
        : `<ul class="list">${Array.from({ length: Math.min(ITEMS_PER_LIST_PAGE, col.items - p * ITEMS_PER_LIST_PAGE) }, (_, j) => {
            const k = p * ITEMS_PER_LIST_PAGE + j;
            return `<li><a href="${itemUrl(col, k, firstId + k)}" target="_blank" title="${esc(itemTitle(col, k))}">${esc(itemTitle(col, k))}</a><span class="date">${itemDate(col, k)}</span></li>`;
          }).join("\n")}</ul>`;
      await emit(p === 0 ? col.dir : `${col.dir}index_${p}.html`, (c) => page(c, { title: col.name, column: col.name, crumbs: crumbsOf(col), tree: inTree, main: `<div class="list-box"><h2>${esc(col.name)}</h2>${rows}${pagerLinks(listTotal, p)}</div>` }));
      listPages++;
    }
    for (let k = 0; k < col.items; k++) {
      const id = firstId + k;
      const title = itemTitle(col, k);
      const date = itemDate(col, k);
      const written = addDays(date, -3);
      await emit(itemUrl(col, k, id), (c) =>
        page(c, {
          title,
          column: col.name,
          articleTitle: title,
          pubDate: date,
          crumbs: crumbsOf(col, false),
          tree: inTree,
          main: `<table class="xxgk-meta"><tr><th>索引号：</th><td>11500112MB1234567X/2026-${String(id).slice(-5)}</td><th>发布机构：</th><td>${siteName}办公室</td></tr>
<tr><th>成文日期：</th><td>${written}</td><th>发布日期：</th><td>${date}</td></tr><tr><th>主题分类：</th><td>${esc(col.name)}</td><th>文号：</th><td>示府办发〔2026〕${id % 200}号</td></tr></table>
<div class="article"><h1>${esc(title)}</h1><div class="TRS_Editor">${Array.from({ length: 10 }, () => `<p>${text(3)}</p>`).join("\n")}</div>
<div class="article-tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div></div>`,
        }),
      );
      detailPages++;
    }
  }
  await Promise.all(pending);

  // Assets every page references; a link checker requests them, zwgk does not.
  await mkdir(join(dir, "css"), { recursive: true });
  await mkdir(join(dir, "js"), { recursive: true });
  await mkdir(join(dir, "images"), { recursive: true });
  await writeFile(join(dir, "css", "main.css"), INLINE_CSS);
  await writeFile(join(dir, "js", "common.js"), INLINE_JS);
  const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
  for (const img of ["logo.png", "red.png", "jiucuo.png"]) await writeFile(join(dir, "images", img), png);
  await writeFile(join(dir, "robots.txt"), "User-agent: *\nDisallow:\n");

  const manifest: SiteManifest = {
    pages,
    gbkPages,
    columns: all.length,
    treeNodes: treeCols.length,
    listPages,
    detailPages,
    meanPageBytes: Math.round(textBytes / pages),
    meanWireBytes: Math.round(wireBytes / pages),
    asOf: AS_OF,
    small,
  };
  await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return manifest;
}
