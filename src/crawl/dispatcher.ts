/**
 * The connection layer: TLS trust (--insecure, --ca) and proxies (HTTP_PROXY, HTTPS_PROXY,
 * NO_PROXY). The environment is passed in, never read from process.env here, so the
 * library behaves the same in tests and in the shell.
 */
import { rootCertificates } from "node:tls";
import { Agent, EnvHttpProxyAgent, type Dispatcher } from "undici";

export interface ConnectionOptions {
  /** Accept expired, self-signed and mismatched certificates. */
  insecure?: boolean;
  /** Extra trusted CA certificates (PEM), added to the system's. */
  ca?: string;
  /** Where HTTP_PROXY / HTTPS_PROXY / NO_PROXY (either case) are read from. */
  env?: Record<string, string | undefined>;
}

export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

export function proxyFromEnv(env: Record<string, string | undefined> = {}): ProxySettings {
  const pick = (name: string) => env[name.toLowerCase()] ?? env[name.toUpperCase()];
  const httpProxy = pick("http_proxy");
  // Like curl: HTTPS_PROXY for https:// URLs, else HTTP_PROXY for both.
  const httpsProxy = pick("https_proxy") ?? httpProxy;
  return { httpProxy, httpsProxy, noProxy: pick("no_proxy") };
}

export function createDispatcher(options: ConnectionOptions = {}): Dispatcher {
  const tls = {
    ...(options.insecure ? { rejectUnauthorized: false } : {}),
    // Giving `ca` replaces the default roots; the system's stay trusted.
    ...(options.ca ? { ca: [...rootCertificates, options.ca] } : {}),
  };
  const proxy = proxyFromEnv(options.env);
  if (proxy.httpProxy || proxy.httpsProxy) {
    // Empty strings, not undefined: undici would otherwise fall back to process.env.
    // proxyTunnel false: http:// pages go to the proxy as plain absolute-URI requests, as curl
    // sends them. undici would otherwise CONNECT to port 80, which proxies commonly refuse
    // (Squid's default allows CONNECT to 443 only), and many government sites are http:// only.
    // https:// pages are tunnelled either way.
    return new EnvHttpProxyAgent({ connect: tls, requestTls: tls, httpProxy: proxy.httpProxy ?? "", httpsProxy: proxy.httpsProxy ?? "", noProxy: proxy.noProxy ?? "", proxyTunnel: false });
  }
  return new Agent({ connect: tls });
}

/**
 * A dispatcher opened on first use and closed once nothing has used it for `idleMs`.
 * Keep-alive sockets would otherwise hold the process open for seconds after the last
 * request, and the follow-up phase reuses the crawl's connections after crawl() returns.
 */
export class LazyDispatcher {
  private dispatcher: Dispatcher | undefined;
  private users = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly open: () => Dispatcher,
    private readonly idleMs: number,
  ) {}

  acquire(): Dispatcher {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.users++;
    return (this.dispatcher ??= this.open());
  }

  release(): void {
    if (--this.users > 0) return;
    this.users = 0;
    this.timer = setTimeout(() => void this.close(), this.idleMs);
    this.timer.unref();
  }

  /** Closes now (waits for requests in flight); `destroy` aborts them instead. */
  async close(destroy = false): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const d = this.dispatcher;
    this.dispatcher = undefined;
    if (d) await (destroy ? d.destroy() : d.close()).catch(() => undefined);
  }
}
