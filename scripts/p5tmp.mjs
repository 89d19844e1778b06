import { Crawler } from "../dist/crawl/crawler.js";
const url = process.argv[2];
const c = new Crawler({ maxPages: 6000, timeoutMs: 15000, concurrency: 16, perHostConcurrency: 16, intervalMs: 0, userAgent: "x", maxBytes: 5e6, maxRedirects: 10, fullCrawl: true, ignoreRobots: true });
const t = performance.now();
const r = await c.crawl(url);
const m=process.memoryUsage(); console.log(JSON.stringify({rss:m.rss>>20, heapTotal:m.heapTotal>>20, heapUsed:m.heapUsed>>20, external:m.external>>20, ab:m.arrayBuffers>>20})); console.log(r.stats.pagesFetched, (performance.now() - t) | 0, "ms", process.memoryUsage().rss / 1e6);
