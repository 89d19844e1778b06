/** Encodings: GBK, GB2312, GB18030 and wrongly-labelled pages, decoded and (over HTTP) crawled. */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import iconv from "iconv-lite";
import { decodeHtml, looksLikeMojibake, quality } from "../src/crawl/decode.js";
import { Crawler, DEFAULT_USER_AGENT } from "../src/crawl/crawler.js";
import { govPage, html, startFaultServer, type FaultServer } from "./helpers/fault-server.js";

const prose = "为深入贯彻落实国务院办公厅政务公开工作要点，现将本单位政府信息公开目录、法定主动公开内容及政策解读栏目设置情况公布如下，请各单位认真对照检查。";
const page = (charset: string | null, extra = "") => govPage({ title: "政府信息公开目录", charset, crumbs: [["政务公开", "/zwgk/"], ["政府信息公开目录"]], body: `<div class="TRS_Editor">${prose}${extra}</div>` });
const encode = (text: string, encoding: string) => iconv.encode(text, encoding);

test("GBK with the charset only in <meta>", () => {
  const d = decodeHtml(encode(page("gbk"), "gbk"), "text/html");
  assert.equal(d.encoding, "gbk");
  assert.ok(d.text.includes(prose));
  assert.equal(d.correctedFrom, undefined);
});

test("GB2312 label on a page that uses GBK-only characters (镕, 喆, 堃)", () => {
  const d = decodeHtml(encode(page("gb2312", "朱镕基 张喆 王堃"), "gbk"), "text/html; charset=GB2312");
  assert.ok(d.text.includes("朱镕基 张喆 王堃"));
  assert.ok(d.text.includes(prose));
  assert.equal(d.correctedFrom, undefined, "GB2312 is read as its superset, not corrected");
});

test("GB18030 with four-byte characters (𠮷, 䶮)", () => {
  const bytes = encode(page("gb18030", "𠮷野家 刘䶮"), "gb18030");
  const d = decodeHtml(bytes, "text/html; charset=gb18030");
  assert.equal(d.encoding, "gb18030");
  assert.ok(d.text.includes("𠮷野家 刘䶮"));
});

test("no charset anywhere: GBK bytes are read as GB18030, not windows-1252", () => {
  const d = decodeHtml(encode(page(null), "gbk"));
  assert.equal(d.encoding, "gb18030");
  assert.ok(d.text.includes(prose));
});

test("wrongly labelled: GBK bytes sent as charset=utf-8 are decoded again as GB18030", () => {
  const d = decodeHtml(encode(page("utf-8"), "gbk"), "text/html; charset=utf-8");
  assert.equal(d.correctedFrom, "utf-8");
  assert.equal(d.encoding, "gb18030");
  assert.ok(d.text.includes(prose));
});

test("wrongly labelled: GBK bytes behind a server default of ISO-8859-1 (mojibake detected)", () => {
  const bytes = encode(page("gbk"), "gbk");
  const naive = new TextDecoder("windows-1252").decode(bytes);
  assert.ok(looksLikeMojibake(quality(naive)), "read as Latin-1 it is debris");
  const d = decodeHtml(bytes, "text/html; charset=ISO-8859-1");
  assert.equal(d.correctedFrom, "windows-1252");
  assert.ok(d.text.includes(prose));
});

test("wrongly labelled: a UTF-8 page whose template still says gb2312", () => {
  const d = decodeHtml(Buffer.from(page("gb2312")), "text/html");
  assert.equal(d.encoding, "utf-8");
  assert.equal(d.correctedFrom, "gbk");
  assert.ok(d.text.includes(prose));
});

test("wrongly labelled: Big5 bytes declared as GBK are recognised by their rare-character mojibake", () => {
  const traditional = "為深入貫徹落實國務院辦公廳政務公開工作要點，現將本單位政府資訊公開目錄、法定主動公開內容及政策解讀欄目設置情況公佈如下，請各單位認真對照檢查。";
  const bytes = encode(govPage({ title: "政府資訊公開", charset: "gbk", body: `<p>${traditional}</p>` }), "big5");
  const asGbk = new TextDecoder("gbk").decode(bytes);
  assert.ok(looksLikeMojibake(quality(asGbk)), "Big5 read as GBK is mostly rare characters");
  const d = decodeHtml(bytes, "text/html");
  assert.equal(d.encoding, "big5");
  assert.equal(d.correctedFrom, "gbk");
  assert.ok(d.text.includes(traditional));
});

test("a UTF-8 byte-order mark beats a <meta> that says GBK", () => {
  const d = decodeHtml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page("gbk"))]), "text/html");
  assert.equal(d.encoding, "utf-8");
  assert.ok(d.text.includes(prose));
});

test("clean Chinese is never called mojibake; a page cut mid-character is not either", () => {
  assert.equal(looksLikeMojibake(quality(prose)), false);
  const cut = encode(page("gbk"), "gbk");
  const d = decodeHtml(cut.subarray(0, cut.length - 41), "text/html; charset=gbk");
  assert.equal(d.encoding, "gbk");
  assert.equal(d.correctedFrom, undefined);
});

let server: FaultServer | undefined;
after(() => server?.close());

test("crawled: a mislabelled page yields the right column names, and the report notes the correction", async () => {
  server = await startFaultServer({
    "/": html(encode(govPage({ title: "首页", charset: "gbk", nav: [["政务公开", "/zwgk/"]] }), "gbk"), { type: "text/html" }),
    "/zwgk/": html(encode(page("utf-8"), "gbk"), { type: "text/html; charset=UTF-8" }),
  });
  const r = await new Crawler({ maxPages: 10, timeoutMs: 3000, concurrency: 2, userAgent: DEFAULT_USER_AGENT, maxBytes: 1 << 20, maxRedirects: 10, intervalMs: 0 }).crawl(server.url);
  const zwgk = r.model.page(`${server.url}zwgk/`)!;
  assert.deepEqual(zwgk.breadcrumb.map((c) => c.name), ["首页", "政务公开", "政府信息公开目录"]);
  assert.equal(r.model.page(server.url)!.nav[0]!.name, "政务公开");
  assert.equal(r.info?.recoded, 1);
  assert.ok(r.info?.notes.some((n) => /1 page\(s\) declared the wrong charset.*declared utf-8, read as gb18030/.test(n)), JSON.stringify(r.info?.notes));
});
