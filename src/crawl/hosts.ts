/**
 * Politeness per host: at most N requests in flight to one host and a minimum interval
 * between the starts of two requests to it (raised by robots.txt Crawl-delay, pushed back
 * by a 429/503 Retry-After). A site and its www twin are one server, so they share a slot.
 */

export interface HostLimits {
  /** Requests in flight to one host at once. */
  perHost: number;
  /** Minimum time between the starts of two requests to one host. */
  intervalMs: number;
}

interface HostState {
  active: number;
  intervalMs: number;
  /** No request to this host starts before this time. */
  nextAt: number;
  /** Woken when a slot frees or the clock allows the next start. */
  waiters: (() => void)[];
}

/** The politeness key of a URL: host without www, plus port. */
export function hostKey(url: string): string {
  const u = new URL(url);
  return `${u.hostname.replace(/^www\./, "")}${u.port ? `:${u.port}` : ""}`;
}

export class HostScheduler {
  private readonly hosts = new Map<string, HostState>();

  constructor(private readonly limits: HostLimits) {}

  /** Raises the host's interval (robots.txt Crawl-delay); never lowers it below the default. */
  setInterval(key: string, intervalMs: number): void {
    const h = this.state(key);
    h.intervalMs = Math.max(this.limits.intervalMs, intervalMs);
  }

  intervalOf(key: string): number {
    return this.state(key).intervalMs;
  }

  /** Nothing starts on this host before `at` (a Retry-After applies to the host, not one URL). */
  pushBack(key: string, at: number): void {
    const h = this.state(key);
    h.nextAt = Math.max(h.nextAt, at);
  }

  /** Waits for a slot on the host; the returned function frees it. Rejects when the signal aborts. */
  async acquire(key: string, signal?: AbortSignal): Promise<() => void> {
    const h = this.state(key);
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new Error("aborted");
      const now = Date.now();
      if (h.active < this.limits.perHost && now >= h.nextAt) {
        h.active++;
        h.nextAt = now + h.intervalMs;
        let released = false;
        return () => {
          if (released) return;
          released = true;
          h.active--;
          this.wake(h);
        };
      }
      const wait = h.active < this.limits.perHost ? h.nextAt - now : undefined;
      await new Promise<void>((resume) => {
        let timer: NodeJS.Timeout | undefined;
        const done = () => {
          if (timer) clearTimeout(timer);
          signal?.removeEventListener("abort", done);
          const i = h.waiters.indexOf(done);
          if (i >= 0) h.waiters.splice(i, 1);
          resume();
        };
        h.waiters.push(done);
        if (wait !== undefined) timer = setTimeout(done, wait);
        signal?.addEventListener("abort", done, { once: true });
      });
    }
  }

  private wake(h: HostState): void {
    // Wake everyone: each re-checks the slot count and the clock, the losers wait again.
    for (const w of [...h.waiters]) w();
  }

  private state(key: string): HostState {
    let h = this.hosts.get(key);
    if (!h) {
      h = { active: 0, intervalMs: this.limits.intervalMs, nextAt: 0, waiters: [] };
      this.hosts.set(key, h);
    }
    return h;
  }
}

/** Waits `ms`, or less if the signal aborts first (then rejects with its reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason ?? new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
