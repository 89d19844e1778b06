/**
 * --snapshot DIR keeps every fetched page (URL, status, headers, decoded body, fetch time)
 * as evidence an inspector can show, and `zwgk check --from-snapshot DIR` re-checks it with
 * no network at all. The replay rebuilds the site model from the same pages in the same
 * order, with the same failures, redirects and documents, so it gives the same findings.
 *
 * Layout: DIR/<host>[_<port>][__<start path>]/snapshot.json (the manifest, written when the crawl ends,
 * interrupted or not) and DIR/<host>/pages/000001.json … (one per page, written as it
 * arrives, so even a killed crawl leaves its evidence). Pages fetched after the crawl (the
 * follow-up phase: further list pages, detail pages) are listed in DIR/<host>/extra.jsonl.
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { IncompleteError, UsageError } from "../errors.js";
import { extractPage } from "../site/page.js";
import { SiteModel, type DocumentLink, type FailedUrl } from "../site/model.js";
import type { CrawlInfo, CrawlResult, CrawlStats } from "./crawler.js";
import type { FailureKind, FetchOutcome } from "./fetch.js";

export interface SnapshotPage {
  /** The URL requested. */
  url: string;
  /** Where redirects ended. */
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  fetchedAt: string;
  /** The charset the body was decoded with. */
  encoding: string;
  correctedFrom?: string;
  truncated: boolean;
  /** HTTP exchanges it took (redirects included), so an offline re-check counts requests alike. */
  hops?: number;
  /** The decoded HTML. */
  body: string;
}

/** A follow-up request that failed, kept so the offline re-check fails it the same way. */
export interface SnapshotFailure {
  url: string;
  reason: string;
  kind: string;
  status?: number;
  hops: number;
}

export interface SnapshotManifest {
  format: "zwgk-snapshot";
  version: 1;
  startUrl: string;
  createdAt: string;
  finishedAt: string;
  /** The --as-of the crawl read dates against. */
  referenceDate?: string;
  stats: CrawlStats;
  startFailure?: string;
  info?: CrawlInfo;
  /** Page files in the order their pages entered the site model. */
  pages: string[];
  failures: FailedUrl[];
  redirects: [from: string, to: string][];
  documents: DocumentLink[];
}

/**
 * The directory of one crawl inside a snapshot directory: the host (and port), plus the start
 * path when the crawl did not start at the root (a registry's column hint on the same host
 * must not overwrite the site's own snapshot).
 */
export function siteDirName(url: string): string {
  const u = new URL(url);
  const path = `${u.pathname}${u.search}`.replace(/\/(index\.\w+)?$/, "");
  const suffix = path ? `__${path.replace(/[^\w.-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 80)}` : "";
  return `${u.hostname}${u.port ? `_${u.port}` : ""}${suffix}`.replace(/[^\w.-]/g, "_");
}

export class SnapshotWriter {
  private readonly dir: string;
  private readonly files: string[] = [];
  private writes: Promise<unknown> = Promise.resolve();
  private error: unknown;
  private readonly createdAt = new Date().toISOString();

  constructor(root: string, startUrl: string) {
    this.dir = join(root, siteDirName(startUrl));
  }

  private written = 0;

  /** Queues one page of the crawl; pages are written in call order. */
  addPage(page: SnapshotPage): void {
    this.files.push(this.write(page));
  }

  /**
   * A page fetched after the crawl (follow-up): kept as evidence and served by the replay, not
   * part of the crawl's model. Written synchronously: nothing awaits the follow-up's writes,
   * and the report may be written (and the process gone) right after the last of them.
   */
  addExtra(page: SnapshotPage): void {
    const file = `pages/${String(++this.written).padStart(6, "0")}.json`;
    try {
      mkdirSync(join(this.dir, "pages"), { recursive: true });
      writeFileSync(join(this.dir, file), JSON.stringify(page));
      appendFileSync(join(this.dir, "extra.jsonl"), JSON.stringify({ url: page.url, file }) + "\n");
    } catch (e) {
      this.error ??= e;
    }
  }

  /** A follow-up request that failed (the crawl's own failures are in the manifest). */
  addExtraFailure(failure: SnapshotFailure): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      appendFileSync(join(this.dir, "extra.jsonl"), JSON.stringify({ url: failure.url, failure }) + "\n");
    } catch (e) {
      this.error ??= e;
    }
  }

  private write(page: SnapshotPage): string {
    const file = `pages/${String(++this.written).padStart(6, "0")}.json`;
    this.writes = this.writes
      .then(async () => {
        if (!existsSync(join(this.dir, "pages"))) await mkdir(join(this.dir, "pages"), { recursive: true });
        await writeFile(join(this.dir, file), JSON.stringify(page));
      })
      .catch((e: unknown) => {
        this.error ??= e;
      });
    return file;
  }

  /** Writes the manifest once every page is on disk. */
  async finish(result: CrawlResult, referenceDate?: string): Promise<void> {
    await this.writes;
    const manifest: SnapshotManifest = {
      format: "zwgk-snapshot",
      version: 1,
      startUrl: result.startUrl,
      createdAt: this.createdAt,
      finishedAt: new Date().toISOString(),
      ...(referenceDate ? { referenceDate } : {}),
      stats: result.stats,
      ...(result.startFailure ? { startFailure: result.startFailure } : {}),
      ...(result.info ? { info: result.info } : {}),
      pages: this.files,
      failures: [...result.model.failures.values()],
      redirects: [...result.model.redirects],
      documents: [...result.model.documents.values()],
    };
    try {
      if (this.error) throw this.error;
      await mkdir(this.dir, { recursive: true });
      const tmp = join(this.dir, `.snapshot.json.${process.pid}`);
      await writeFile(tmp, JSON.stringify(manifest, null, 1));
      await rename(tmp, join(this.dir, "snapshot.json"));
      result.info?.notes.push(`snapshot of ${this.files.length} page(s) written to ${this.dir}`);
    } catch (e) {
      result.info?.notes.push(`snapshot could not be written to ${this.dir}: ${(e as Error).message ?? String(e)}`);
    }
  }
}

/** Finds the one site snapshot DIR holds (or the one for `url`). */
export async function findSnapshot(root: string, url?: string): Promise<string> {
  if (existsSync(join(root, "snapshot.json"))) return root;
  if (url) {
    const dir = join(root, siteDirName(url));
    if (existsSync(join(dir, "snapshot.json"))) return dir;
    throw new UsageError(`${root}: no snapshot of ${url} (looked for ${join(dir, "snapshot.json")}); take one with zwgk check ${url} --snapshot ${root}`);
  }
  const entries = await readdir(root, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read snapshot directory ${root}: ${e.code === "ENOENT" ? "no such directory" : e.message}`);
  });
  const sites = entries.filter((e) => e.isDirectory() && existsSync(join(root, e.name, "snapshot.json"))).map((e) => e.name);
  if (sites.length === 1) return join(root, sites[0]!);
  if (!sites.length) throw new UsageError(`${root} holds no snapshot (no snapshot.json); take one with zwgk check <url> --snapshot ${root}`);
  throw new UsageError(`${root} holds snapshots of ${sites.length} sites (${sites.join(", ")}): give the site's URL too`);
}

export async function readManifest(dir: string): Promise<SnapshotManifest> {
  const file = join(dir, "snapshot.json");
  let manifest: SnapshotManifest;
  try {
    manifest = JSON.parse(await readFile(file, "utf8")) as SnapshotManifest;
  } catch (e) {
    throw new UsageError(`cannot read snapshot ${file}: ${(e as Error).message}`);
  }
  if (manifest.format !== "zwgk-snapshot" || manifest.version !== 1) throw new UsageError(`${file} is not a zwgk snapshot (format ${JSON.stringify(manifest.format)}, version ${manifest.version})`);
  return manifest;
}

/**
 * The crawl as it was, rebuilt from a snapshot: the same pages in the same order, read
 * against `referenceDate` (the check's --as-of), with the same failures and statistics.
 */
export async function replaySnapshot(root: string, options: { url?: string; referenceDate?: string } = {}): Promise<CrawlResult> {
  const dir = await findSnapshot(root, options.url);
  const manifest = await readManifest(dir);
  const model = new SiteModel();
  const read = async (file: string): Promise<SnapshotPage> => {
    try {
      return JSON.parse(await readFile(join(dir, file), "utf8")) as SnapshotPage;
    } catch (e) {
      throw new IncompleteError(`snapshot ${dir} is damaged: cannot read ${file}: ${(e as Error).message}`);
    }
  };
  const byUrl = new Map<string, SnapshotPage>();
  for (const file of manifest.pages) {
    const page = await read(file);
    byUrl.set(page.url, page);
    if (!byUrl.has(page.finalUrl)) byUrl.set(page.finalUrl, page);
    model.addPage(extractPage(page.body, page.finalUrl, { referenceDate: options.referenceDate ?? manifest.referenceDate }));
    model.addRedirect(page.url, page.finalUrl);
  }
  const extra = await readFile(join(dir, "extra.jsonl"), "utf8").catch(() => "");
  const extraFailures = new Map<string, SnapshotFailure>();
  for (const line of extra.split("\n")) {
    if (!line.trim()) continue;
    const { url, file, failure } = JSON.parse(line) as { url: string; file?: string; failure?: SnapshotFailure };
    if (failure) extraFailures.set(url, failure);
    else if (file && (!byUrl.has(url) || byUrl.get(url)!.url !== url)) byUrl.set(url, await read(file));
  }
  for (const f of manifest.failures) model.addFailure(f);
  const failures = new Map(manifest.failures.map((f) => [f.url, f]));
  for (const [from, to] of manifest.redirects) model.addRedirect(from, to);
  for (const d of manifest.documents) model.addDocument(d);
  const info: CrawlInfo = manifest.info ?? { robots: [], notes: [], skipped: {}, retries: 0, notModified: 0, truncated: [], recoded: 0, failureCounts: {} };
  return {
    model,
    stats: manifest.stats,
    startUrl: manifest.startUrl,
    ...(manifest.startFailure ? { startFailure: manifest.startFailure } : {}),
    info: { ...info, notes: [...info.notes.filter((n) => !n.startsWith("snapshot of ")), `re-checked offline from the snapshot taken ${manifest.createdAt} (${dir})`], fromSnapshot: { dir, createdAt: manifest.createdAt } },
    fetch: async (url) => offline(url, byUrl.get(url), extraFailures.get(url) ?? failures.get(url)),
  };
}

/** What the network said then, said again: a snapshotted page, a recorded failure, or "not in the snapshot". */
function offline(url: string, page: SnapshotPage | undefined, failure: (FailedUrl & { hops?: number }) | undefined): FetchOutcome {
  if (page) {
    // The body is stored decoded; hand it back as UTF-8 and say so, whatever the page's <meta> claims.
    const headers: Record<string, string> = { ...page.headers, "content-type": `${(page.headers["content-type"] ?? "text/html").split(";")[0]}; charset=utf-8` };
    delete headers["content-encoding"];
    return { ok: true, url, finalUrl: page.finalUrl, status: page.status, headers, body: Buffer.from(page.body, "utf8"), truncated: page.truncated, redirects: page.finalUrl === url ? [] : [page.finalUrl], hops: page.hops ?? 1 };
  }
  if (failure) return { ok: false, url, status: failure.status, reason: failure.reason, kind: (failure.kind ?? "http") as FailureKind, retryable: false, hops: failure.hops ?? 1 };
  return { ok: false, url, reason: "not in the snapshot (offline re-check)", kind: "network", retryable: false, hops: 0 };
}
