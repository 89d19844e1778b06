import { Crawler } from "../dist/crawl/crawler.js";
const c = new Crawler({ maxPages: 6000, timeoutMs: 15000, concurrency: 16, perHostConcurrency: 16, intervalMs: 0, userAgent: "x", maxBytes: 5e6, maxRedirects: 10, fullCrawl: true, ignoreRobots: true });
const iv = setInterval(() => { const m = process.memoryUsage(); const h = process.memoryUsage.rss; console.log(JSON.stringify({rss:m.rss>>20, heapTotal:m.heapTotal>>20, heapUsed:m.heapUsed>>20, external:m.external>>20, ab:m.arrayBuffers>>20})); }, 1000);
const r = await c.crawl(process.argv[2]); clearInterval(iv);
