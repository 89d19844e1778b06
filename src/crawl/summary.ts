/** The report's view of how a crawl went: counts by kind, robots, notes (UnitReport.crawl, additive fields). */
import type { CrawlResult } from "./crawler.js";

export function crawlSummary(crawl: CrawlResult) {
  const info = crawl.info;
  const documents = crawl.model.documents.size;
  if (!info) return documents ? { documents } : {};
  const nonZero = <T extends Record<string, number | undefined>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, n]) => n)) as Record<string, number>;
  const failureCounts = nonZero(info.failureCounts);
  const skipped = nonZero(info.skipped);
  return {
    ...(Object.keys(failureCounts).length ? { failureCounts } : {}),
    ...(info.robots.length ? { robots: info.robots } : {}),
    ...(info.notes.length ? { notes: info.notes } : {}),
    ...(Object.keys(skipped).length ? { skipped } : {}),
    documents,
    retries: info.retries,
    ...(info.notModified ? { notModified: info.notModified } : {}),
    ...(info.truncated.length ? { truncated: info.truncated.length } : {}),
    ...(info.fromSnapshot ? { fromSnapshot: info.fromSnapshot } : {}),
  };
}

/** FailedUrl → the report's FailedFetch, with its kind. */
export function reportFailures(crawl: CrawlResult) {
  return [...crawl.model.failures.values()].map(({ url, reason, status, kind }) => ({ url, reason, ...(status ? { status } : {}), ...(kind ? { kind } : {}) }));
}
