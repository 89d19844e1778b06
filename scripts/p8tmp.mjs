import { Crawler } from "../dist/crawl/crawler.js";
import v8 from "node:v8";
const c = new Crawler({ maxPages: Number(process.argv[3]), timeoutMs: 15000, concurrency: 16, perHostConcurrency: 16, intervalMs: 0, userAgent: "x", maxBytes: 5e6, maxRedirects: 10, fullCrawl: true, ignoreRobots: true });
const r = await c.crawl(process.argv[2]);
gc(); gc();
const m = process.memoryUsage();
console.log(process.argv[3], "live heap MB", (m.heapUsed / 1e6).toFixed(1), "rss", m.rss >> 20, "pages", r.model.pages.size);
if (process.argv[4]) v8.writeHeapSnapshot(process.argv[4]);
