/**
 * Recognising a page that is not the site's page but a guard in front of it: a WAF's block
 * notice (安全狗, 云锁, 创宇盾, 阿里云盾 …) or a script challenge (瑞数 412 pages, 加速乐
 * cookies, "Just a moment…"). Such a page must make the columns behind it `unreachable`,
 * never `missing`, and must not enter the site model as if it were content.
 *
 * Signatures are deliberately narrow: a real page that merely mentions 防火墙 in an article
 * is long and has navigation, and is left alone.
 */
import type { FailureKind } from "./fetch.js";

export interface Block {
  kind: Extract<FailureKind, "waf" | "challenge" | "forbidden">;
  reason: string;
}

/** Vendor fingerprints in a block page's HTML, with the name shown in the report. */
const WAF_SIGNATURES: [RegExp, string][] = [
  [/safedog|安全狗/i, "安全狗 (safedog) WAF"],
  [/yunsuo|云锁/i, "云锁 (yunsuo) WAF"],
  [/创宇盾|knownsec|yunaq\.com/i, "创宇盾 (Knownsec) WAF"],
  [/errors\.aliyun\.com|阿里云(盾|\s*web应用防火墙)|aliyun_waf|alicdn\.com\/sd-base/i, "阿里云 WAF"],
  [/waf\.tencent|腾讯云\s*(web应用防火墙|waf)|tencent.*web application firewall/i, "腾讯云 WAF"],
  [/华为云\s*WAF|huaweicloud.*waf/i, "华为云 WAF"],
  [/360(网站卫士|wzws)|wzws-?waf|webscan\.360\.cn/i, "360网站卫士 WAF"],
  [/jiasule|加速乐/i, "加速乐 (jiasule) WAF"],
  [/yunjiasu|百度云加速/i, "百度云加速 WAF"],
  [/cloudflare/i, "Cloudflare"],
  [/网站防火墙|web\s*应用防火墙|web application firewall|\bWAF\b/i, "a web application firewall"],
];

/** Wording of block notices, in Chinese and English. */
const BLOCK_WORDS =
  /(访问|请求)(已)?被(拦截|阻断|拒绝|禁止)|已被\S{0,10}(拦截|阻断)|您的(访问请求|访问|请求)(可能)?(对网站造成|存在)(安全)?威胁|疑似(黑客)?攻击|非法(请求|访问)|访问受限|禁止访问|拒绝访问|当前访问(频率|过于频繁)|访问(过于)?频繁|access denied|request (was )?blocked|has been blocked|you have been blocked/i;

/** Script challenges: a page whose script sets a clearance cookie and reloads. */
const CHALLENGE_SIGNATURES: [RegExp, string][] = [
  [/__jsl_clearance|__jsluid/i, "加速乐 cookie challenge"],
  [/acw_sc__v2|acw_tc/i, "阿里云 cookie challenge"],
  [/yunsuo_session_verify|security_session_verify|srcurl=/i, "云锁 cookie challenge"],
  [/cf[-_]chl|cf-browser-verification|just a moment\.\.\./i, "Cloudflare challenge"],
  [/\$_ts\s*=|\$_ts\.|FSSBBIl1UgzbN7N/, "瑞数 (Riversecurity) script challenge"],
  [/滑动验证|人机验证|安全验证|请完成验证|captcha/i, "a CAPTCHA"],
];

/** A block or challenge page is short; a site's real pages carry menus and text. */
const MAX_BLOCK_PAGE_CHARS = 30_000;

/**
 * Whether a response is a guard page. `status` is the HTTP status (200 block pages
 * exist), `html` the decoded body (possibly empty), `headers` the response headers.
 */
export function detectBlock(status: number, headers: Record<string, string>, html: string): Block | null {
  const short = html.length <= MAX_BLOCK_PAGE_CHARS;
  // Signatures are looked for only when the answer could be a guard page: every 2xx page of a
  // crawl comes through here, and a dozen scans of each showed in the bench profile.
  const vendorOf = () => (short ? WAF_SIGNATURES.find(([re]) => re.test(html))?.[1] : undefined);
  const challengeOf = () => (short ? CHALLENGE_SIGNATURES.find(([re]) => re.test(html))?.[1] : undefined);
  const header = headerVendor(headers);
  if (status === 412) {
    const vendor = vendorOf();
    return { kind: "challenge", reason: `HTTP 412 with a script challenge (${challengeOf() ?? vendor ?? header ?? (/<script/i.test(html) ? "anti-bot script" : "anti-bot protection")}): the page is hidden from crawlers` };
  }
  if (status === 403) {
    const who = vendorOf() ?? header;
    return { kind: "forbidden", reason: who ? `HTTP 403 Forbidden: blocked by ${who}` : "HTTP 403 Forbidden (access denied: a WAF or an IP block)" };
  }
  if (status >= 400 && status !== 429 && status < 500) {
    // A 4xx page of a WAF is a block, whatever its code (some answer 405 or 418).
    const vendor = vendorOf();
    if ((vendor || header) && BLOCK_WORDS.test(text(html))) return { kind: "waf", reason: `HTTP ${status}: blocked by ${vendor ?? header}` };
    return null;
  }
  if (status < 200 || status >= 300 || !short) return null;
  // Every block notice contains one of these words, and the visible text is the markup's text:
  // a page without them (nearly every page) needs no further look.
  const mayBlock = BLOCK_WORD_HINT.test(html);
  const maySetCookie = /document\.cookie\s*=/.test(html);
  const challenge = CHALLENGE_HINT.test(html) ? challengeOf() : undefined;
  if (!mayBlock && !maySetCookie && !challenge) return null;
  const visible = text(html);
  if (challenge && visible.length < 400 && /<script/i.test(html)) return { kind: "challenge", reason: `script challenge page (${challenge}): the real page is hidden from crawlers` };
  if (mayBlock && BLOCK_WORDS.test(visible)) {
    const vendor = vendorOf();
    if (vendor || header || visible.length < 600) return { kind: "waf", reason: `WAF block page${vendor || header ? ` (${vendor ?? header})` : ""}: "${excerpt(visible)}"` };
  }
  // A page that is nothing but a script which sets a cookie and reloads itself.
  if (maySetCookie && visible.length < 40 && /location(\.href|\.replace|\.reload|\s*=)/.test(html)) {
    return { kind: "challenge", reason: "script challenge page (sets a cookie and reloads): the real page is hidden from crawlers" };
  }
  return null;
}

/** What every CHALLENGE_SIGNATURES match contains, in one scan. */
const CHALLENGE_HINT = /__jsl|acw_|session_verify|srcurl=|cf[-_]chl|cf-browser|just a moment|\$_ts|FSSBBIl1UgzbN7N|验证|captcha/i;

/** A word every BLOCK_WORDS match contains (a cheap test on the raw markup). */
const BLOCK_WORD_HINT = /拦截|阻断|拒绝|禁止|威胁|攻击|非法|受限|频繁|频率|denied|blocked/i;

function headerVendor(headers: Record<string, string>): string | undefined {
  const server = `${headers.server ?? ""} ${headers["x-powered-by-360wzb"] ?? ""} ${headers["x-safe-firewall"] ?? ""} ${headers["x-via-jsl"] ?? ""}`;
  if (/safedog/i.test(server)) return "安全狗 (safedog) WAF";
  if (/yunjiasu/i.test(server)) return "百度云加速 WAF";
  if (/jiasule|x-via-jsl/i.test(server) || headers["x-via-jsl"]) return "加速乐 (jiasule) WAF";
  if (/360wzws|wzws/i.test(server) || headers["x-powered-by-360wzb"]) return "360网站卫士 WAF";
  if (/cloudflare/i.test(server)) return "Cloudflare";
  if (headers["x-safe-firewall"]) return "a web application firewall";
  return undefined;
}

function text(html: string): string {
  return html
    .replace(/<(script|style|noscript)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;|&#160;/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function excerpt(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
