/**
 * --cache DIR: responses kept with their validators (ETag, Last-Modified) so the next run
 * asks "changed since?" and a nightly job re-downloads only what changed. One JSON file
 * of metadata and one file of body bytes per URL, written through a temporary name so an
 * interrupted run never leaves a half-written entry behind.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface CachedResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  etag?: string;
  lastModified?: string;
  body: Buffer;
  storedAt: string;
}

interface CacheMeta {
  url: string;
  status: number;
  headers: Record<string, string>;
  storedAt: string;
}

/** Headers worth keeping: what decoding and revalidation need, nothing that identifies a session. */
const KEPT_HEADERS = ["content-type", "etag", "last-modified", "content-language", "date"];

export class ResponseCache {
  /** Responses written (new or changed). */
  stored = 0;
  /** The first write error, for the report: the crawl goes on without caching. */
  writeError: string | undefined;
  private ready: Promise<unknown> | null = null;

  constructor(readonly dir: string) {}

  async get(url: string): Promise<CachedResponse | undefined> {
    const base = this.path(url);
    try {
      const meta = JSON.parse(await readFile(`${base}.json`, "utf8")) as CacheMeta;
      if (meta.url !== url) return undefined; // a hash collision, however unlikely
      const body = await readFile(`${base}.body`);
      return { ...meta, body, etag: meta.headers.etag, lastModified: meta.headers["last-modified"] };
    } catch {
      return undefined;
    }
  }

  async put(url: string, response: { status: number; headers: Record<string, string>; body: Buffer }): Promise<void> {
    this.ready ??= mkdir(this.dir, { recursive: true });
    await this.ready;
    const headers = Object.fromEntries(KEPT_HEADERS.filter((h) => response.headers[h] !== undefined).map((h) => [h, response.headers[h]!]));
    const meta: CacheMeta = { url, status: response.status, headers, storedAt: new Date().toISOString() };
    const base = this.path(url);
    const tmp = `.${process.pid}.${Math.random().toString(36).slice(2)}`;
    // Body first, metadata last: a reader only trusts an entry whose metadata exists.
    await writeFile(`${base}.body${tmp}`, response.body);
    await rename(`${base}.body${tmp}`, `${base}.body`);
    await writeFile(`${base}.json${tmp}`, JSON.stringify(meta));
    await rename(`${base}.json${tmp}`, `${base}.json`);
    this.stored++;
  }

  noteError(error: unknown): void {
    this.writeError ??= (error as Error)?.message ?? String(error);
  }

  private path(url: string): string {
    return join(this.dir, createHash("sha256").update(url).digest("hex").slice(0, 32));
  }
}
