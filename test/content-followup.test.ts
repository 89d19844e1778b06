/**
 * The follow-up phase with the crawl's fetch stubbed: a 信息公开 tree in a frame on another
 * government host is read before a column is called missing; a frame that fails makes
 * columns not found unreachable; widgets on other hosts are left alone.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { CrawlResult } from "../src/crawl/crawler.js";
import type { FetchOutcome } from "../src/crawl/fetch.js";
import { evaluateRule } from "../src/check/evaluate.js";
import { followUp } from "../src/check/followup.js";
import { NameMatcher } from "../src/check/names.js";
import type { Rule } from "../src/rules/types.js";
import { extractPage } from "../src/site/page.js";
import { SiteModel } from "../src/site/model.js";

const AS_OF = "2026-11-26";
const names = new NameMatcher({});
const rule = (id: string, leaf: string) => ({ id, title: leaf, lead: [], responsible: [], appliesTo: { units: [], roles: [] }, paths: [["政务公开", "政府信息公开目录", leaf]], channels: [], documents: [], fields: [], severity: "error", checkable: true, ocr: [], source: { file: "t.yaml", line: 1 } }) as unknown as Rule;
const html = (body: string) => `<html><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`;

function crawlOf(home: string, served: Record<string, string>) {
  const model = new SiteModel();
  model.addPage(extractPage(html(home), "http://www.example.gov.cn/", { referenceDate: AS_OF }));
  const asked: string[] = [];
  const fetch = async (url: string): Promise<FetchOutcome> => {
    asked.push(url);
    const body = served[url];
    if (body === undefined) return { ok: false, url, status: 404, reason: "HTTP 404", kind: "http", retryable: false, hops: 1 } as FetchOutcome;
    return { ok: true, url, finalUrl: url, status: 200, headers: { "content-type": "text/html; charset=utf-8" }, body: Buffer.from(html(body)), truncated: false, redirects: [], hops: 1 };
  };
  const stats = { pagesFetched: 1, pagesFailed: 0, requests: 1, durationMs: 0, stoppedBy: "done", pagesQueued: 0 };
  return { crawl: { model, stats, startUrl: "http://www.example.gov.cn/", fetch } as unknown as CrawlResult, asked };
}

const options = { maxListPages: 5, timeoutMs: 1000, userAgent: "t", maxBytes: 1 << 20, maxRedirects: 3, concurrency: 1, asOf: AS_OF };

test("a tree in a frame on another government host is read; the column it names is judged", async () => {
  const { crawl, asked } = crawlOf('<iframe src="http://xxgk.example.gov.cn/tree.html"></iframe><iframe src="http://widget.weather.com.cn/w.html"></iframe>', {
    "http://xxgk.example.gov.cn/tree.html": '<div class="tree"><ul><li><a href="/ml/">政府信息公开目录</a><ul><li><a href="/ml/czyjs/">财政预决算</a></li></ul></li></ul></div>',
    "http://xxgk.example.gov.cn/ml/czyjs/": '<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/ml/">政府信息公开目录</a> &gt; 财政预决算</div><ul class="list"><li><a href="/ml/czyjs/202602/t20260210_1.html">2026年部门预算</a><span>2026-02-10</span></li></ul>',
  });
  const followed = await followUp(crawl, [rule("r.1", "财政预决算")], names, options);
  const finding = evaluateRule(rule("r.1", "财政预决算"), { model: crawl.model, stats: crawl.stats, asOf: AS_OF, names, followUp: followed });
  assert.equal(finding.status, "present");
  assert.equal(finding.url, "http://xxgk.example.gov.cn/ml/czyjs/");
  assert.deepEqual(asked, ["http://xxgk.example.gov.cn/tree.html", "http://xxgk.example.gov.cn/ml/czyjs/"], "the weather widget is not fetched");
  assert.equal(followed.requests, 2);
});

test("a government frame that fails: a column not found is unreachable, naming the frame", async () => {
  const { crawl } = crawlOf('<iframe src="http://xxgk.example.gov.cn/tree.html"></iframe>', {});
  const followed = await followUp(crawl, [rule("r.2", "六稳六保")], names, options);
  assert.equal(followed.frameFailures.get("http://xxgk.example.gov.cn/tree.html"), "HTTP 404");
  const finding = evaluateRule(rule("r.2", "六稳六保"), { model: crawl.model, stats: crawl.stats, asOf: AS_OF, names, followUp: followed });
  assert.equal(finding.status, "unreachable");
  assert.equal(finding.url, "http://xxgk.example.gov.cn/tree.html");
  // Without the follow-up nothing stood in the way: the same crawl alone says missing.
  const alone = evaluateRule(rule("r.2", "六稳六保"), { model: crawl.model, stats: crawl.stats, asOf: AS_OF, names });
  assert.equal(alone.status, "missing");
});
