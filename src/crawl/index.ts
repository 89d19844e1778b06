export { Crawler, sameSite, DEFAULT_USER_AGENT, type CrawlOptions, type CrawlResult, type CrawlStats, type StoppedBy } from "./crawler.js";
export { fetchUrl, type FetchOutcome, type FetchOptions } from "./fetch.js";
export { decodeHtml, charsetFromContentType, type Decoded } from "./decode.js";
