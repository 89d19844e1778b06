/** The extractors on real government pages (fixtures/real/, see its README for sources). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { extractPage, walkNav, type NavNode } from "../src/site/index.js";
import { repoRoot } from "./helpers/cli.js";

const real = (name: string, url: string, referenceDate?: string) =>
  extractPage(readFileSync(resolve(repoRoot, "fixtures", "real", name), "utf8"), url, { referenceDate });

const names = (nodes: NavNode[]) => [...walkNav(nodes)].map(({ node }) => node.name);

test("生态环境部 raw detail page: 当前位置 breadcrumb, ArticleTitle, PubDate", () => {
  const p = real("mee_detail_hjyw_2022_raw.html", "http://www.mee.gov.cn/ywdt/hjywnews/202204/t20220417_974894.shtml");
  assert.deepEqual(p.breadcrumb.map((c) => c.name), ["首页", "要闻动态", "环境要闻"]);
  assert.equal(p.breadcrumb[1]!.url, "http://www.mee.gov.cn/ywdt/");
  assert.equal(p.title, "生态环境部一周要闻（4.10-4.16）");
  assert.equal(p.kind, "detail");
  assert.equal(p.published, "2022-04-17");
  assert.equal(p.meta.siteIdCode, "bm17000009");
});

test("山西 detail: ul.breadcrumb with <span>&gt;</span> separators and an unlinked last segment", () => {
  const p = real("shanxi_gov_detail_sxyw_2019.html", "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml");
  assert.deepEqual(p.breadcrumb.map((c) => c.name), ["首页", "要闻", "山西要闻"]);
  assert.equal(p.breadcrumb[2]!.url, null);
  assert.equal(p.title, "山西品牌丝路行（南美站）正式启动");
  assert.equal(p.pagination.pages, 1, "createPageHTML(1,0,…) is one page");
  assert.ok(names(p.nav).includes("政策解读"), "main-nav entries are navigation");
});

test("万载 xxgk detail: 您当前所在位置 label, seven-level path, metadata table with 生成日期", () => {
  const p = real("wanzai_xxgk_detail_tjsj_2022.html", "http://www.wanzai.gov.cn/wzxrmzf/tjsja/202305/7215380191c5400397df5d7d0b5fd06b.shtml");
  assert.deepEqual(p.breadcrumb.map((c) => c.name), ["首页", "政务公开", "部门信息公开目录", "统计局", "法定主动公开内容", "工作动态", "统计数据"]);
  assert.equal(p.title, "万载县2022年国民经济和社会发展统计公报");
  assert.equal(p.metadata["索引号"], "014742224A/2023-0043406");
  // The table's last value ends with its cell: not "万载县统计局万载县2022年…访问量：1632 …".
  assert.equal(p.metadata["责任部门"], "万载县统计局");
  assert.equal(p.metadata["公开范围"], "面向全社会");
  assert.equal(p.published, "2023-05-11");
  assert.equal(p.kind, "detail");
});

test("邯郸 list page: TRS CurrChnlCls breadcrumb without a label, table list, countPage=56", () => {
  const p = real("handan_xxgk_list_pagination.html", "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index.html");
  assert.deepEqual(p.breadcrumb.map((c) => c.name), ["首页", "政府文件", "近期信息公开"]);
  assert.equal(p.title, "近期信息公开", "the <title> is only the site name; the page is named by its breadcrumb");
  assert.equal(p.pagination.pages, 56);
  // 发布机构 is a search option and a column heading here, not a label with a value.
  assert.deepEqual(p.metadata, {});
  assert.equal(p.pagination.next, "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index_1.html");
  assert.equal(p.items.length, 1);
  assert.deepEqual(p.items[0], {
    title: "邯郸市教育局关于印发《邯郸市学校安全工作目标管理考核办法》的通知",
    url: "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200805_1353179.html",
    date: "2020-08-05",
  });
});

test("邯郸 指南 page: dl/h3 accordion tree; entries inside HTML comments are not columns", () => {
  const p = real("handan_xxgk_zhinan_lefttree.html", "http://hdzfxxgk.hd.gov.cn/zfxxgkzn/");
  const fdzd = [...walkNav(p.nav)].find(({ node }) => node.name === "法定主动公开内容")?.node;
  assert.ok(fdzd, "法定主动公开内容 is a tree node");
  const children = fdzd.children.map((c) => c.name);
  for (const c of ["机构职责", "规划计划", "财政财务", "应急管理"]) assert.ok(children.includes(c), `${c} under 法定主动公开内容`);
  for (const commented of ["统计数据", "行政执法", "报考录用"]) assert.ok(!names(p.nav).includes(commented), `${commented} is commented out`);
  for (const top of ["政府信息公开指南", "政府信息公开制度", "政府信息公开年报", "依申请公开"]) assert.ok(names(p.nav).includes(top), top);
  assert.equal(p.title, "政府信息公开指南");
});

test("宜春 home page: MM-DD dates take their year from the reference day", () => {
  const p = real("yichun_home_2023.html", "http://www.yichun.gov.cn/", "2023-10-11");
  assert.equal(p.kind, "home");
  assert.ok(p.items.length >= 10, `home lists items (${p.items.length})`);
  assert.ok(p.items.every((i) => i.date === null || (i.date <= "2023-10-11" && i.date >= "2022-10-11")), "no MM-DD date lands after the reference day");
  assert.equal(p.items[0]!.date, "2023-10-11");
  for (const n of ["政府信息公开指南", "政府信息公开制度", "政府信息公开目录", "政府信息公开年度报告"]) assert.ok(names(p.nav).includes(n), n);
});

test("中国科普网 detail: title without the -中国科普网 suffix", () => {
  const p = real("kepu_detail_2023.html", "http://www.kepu.gov.cn/politics/2023-12/01/content_1755244.html");
  assert.equal(p.title, "习近平主持召开深入推进长三角一体化发展座谈会");
  assert.equal(p.kind, "detail");
  // No metadata table, no PubDate meta: the date is the one in the line under the title
  // (来源：新华社 作者： 2023-12-01 14:43).
  assert.equal(p.published, "2023-12-01");
});
