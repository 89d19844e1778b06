/**
 * Bytes → text the way a browser would, but with the defaults Chinese government sites
 * need: BOM, then the HTTP charset, then <meta charset>, then sniffing (encoding-sniffer
 * implements the HTML spec's prescan), defaulting to GB18030 rather than windows-1252.
 *
 * Declarations lie: servers send `charset=ISO-8859-1` or `UTF-8` by default for pages
 * written in GBK, templates copy `gb2312` into UTF-8 pages, a Big5 page says GBK. So the
 * text decoded with the declared charset is checked for mojibake — replacement characters,
 * private-use code points, Latin-1 debris, Chinese characters that are almost all rare —
 * and when another charset reads as plain Chinese, the page is decoded again with it and
 * the report says so (`correctedFrom`).
 */
import { isUtf8 } from "node:buffer";
import { getEncoding } from "encoding-sniffer";

export interface Decoded {
  text: string;
  /** The encoding used, as a WHATWG name (utf-8, gbk, gb18030, big5 …). */
  encoding: string;
  /** Set when the declared encoding was wrong and another was used. */
  correctedFrom?: string;
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = /charset\s*=\s*["']?([\w.:-]+)["']?/i.exec(contentType ?? "");
  return m?.[1];
}

/** Pages often declare their charset after 1 KB of comments and scripts; look further than the spec's 1024 bytes. */
const PRESCAN_BYTES = 8192;

export function decodeHtml(bytes: Uint8Array, contentType?: string): Decoded {
  const transport = charsetFromContentType(contentType);
  const declared = normalise(getEncoding(bytes, { transportLayerEncodingLabel: transport, defaultEncoding: "gb18030", maxBytes: PRESCAN_BYTES }));
  const utf8 = strictUtf8(bytes);
  if (declared === "utf-8" && utf8 !== null) return { text: utf8, encoding: "utf-8" };
  if (declared === "utf-16le" || declared === "utf-16be") return { text: decoderFor(declared).decode(bytes), encoding: declared };
  if (!hasHighBytes(bytes)) return { text: utf8 ?? decoderFor(declared).decode(bytes), encoding: declared };
  // Valid UTF-8 with non-ASCII text is, in practice, never meant as anything else.
  if (utf8 !== null) return declared === "utf-8" ? { text: utf8, encoding: "utf-8" } : { text: utf8, encoding: "utf-8", correctedFrom: declared };

  const asDeclared = declared === "utf-8" ? null : tryDecode(declared, bytes);
  const asDeclaredQuality = asDeclared === null ? null : quality(asDeclared);
  if (asDeclared !== null && asDeclaredQuality && !looksLikeMojibake(asDeclaredQuality)) return { text: asDeclared, encoding: declared };

  // The declaration is wrong (or the page is broken): the candidate that reads best wins.
  const meta = normalise(getEncoding(bytes, { defaultEncoding: "gb18030", maxBytes: PRESCAN_BYTES }));
  const candidates = [...new Set([meta, "gb18030", "big5"])].filter((e) => e !== declared && e !== "utf-8");
  let best: { text: string; encoding: string; score: number } | null = asDeclared !== null && asDeclaredQuality ? { text: asDeclared, encoding: declared, score: score(asDeclaredQuality) } : null;
  for (const encoding of candidates) {
    const text = tryDecode(encoding, bytes);
    if (text === null) continue;
    const q = quality(text);
    if (looksLikeMojibake(q)) continue;
    const s = score(q);
    if (!best || s > best.score) best = { text, encoding, score: s };
  }
  if (!best) return { text: decoderFor("gb18030").decode(bytes), encoding: "gb18030", ...(declared !== "gb18030" ? { correctedFrom: declared } : {}) };
  return best.encoding === declared ? { text: best.text, encoding: declared } : { text: best.text, encoding: best.encoding, correctedFrom: declared };
}

export interface TextQuality {
  /** Non-ASCII characters. */
  nonAscii: number;
  /** CJK unified ideographs. */
  cjk: number;
  /** Of those, the common ones (GB2312 level 1, Big5 frequently used). */
  common: number;
  /** U+FFFD, private-use code points and C1 controls: bytes the decoder could not place. */
  bad: number;
  /** À–ÿ and friends: what GBK or UTF-8 bytes look like through a Latin-1 decoder. */
  latin: number;
}

export function quality(text: string): TextQuality {
  const q: TextQuality = { nonAscii: 0, cjk: 0, common: 0, bad: 0, latin: 0 };
  const common = commonHanzi();
  // Code units, not `for…of` over code points: this runs on every page a crawl decodes.
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    q.nonAscii++;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x20000 && c <= 0x2ffff)) {
      q.cjk++;
      if (c <= 0xffff && common[c] === 1) q.common++;
    } else if (c === 0xfffd || (c >= 0xe000 && c <= 0xf8ff) || (c >= 0x80 && c <= 0x9f)) {
      q.bad++;
    } else if ((c >= 0xc0 && c <= 0xff) || (c >= 0x152 && c <= 0x2dc)) {
      q.latin++;
    }
  }
  return q;
}

/**
 * Mojibake signs: undecodable bytes, Latin-1 debris where Chinese was meant, or Chinese
 * characters that are mostly rare ones (GBK bytes read as Big5 and the reverse, UTF-8 read
 * as GBK). Real Chinese prose is >90% common characters, simplified or traditional.
 */
export function looksLikeMojibake(q: TextQuality): boolean {
  if (q.nonAscii === 0) return false;
  if (q.bad >= 3 && q.bad / q.nonAscii > 0.01) return true;
  if (q.latin >= 8 && q.latin / q.nonAscii > 0.3) return true;
  if (q.cjk >= 20 && q.common / q.cjk < 0.8) return true;
  return false;
}

function score(q: TextQuality): number {
  return q.common - 2 * (q.cjk - q.common) - 5 * q.bad - q.latin;
}

let commonSet: Uint8Array | null = null;
/**
 * The characters that make up almost all Chinese text: GB2312 level 1 (rows 0xB0–0xD7,
 * 3,755 simplified) and Big5's frequently used block (0xA440–0xC67E, 5,401 traditional).
 */
function commonHanzi(): Uint8Array {
  if (commonSet) return commonSet;
  const gb: number[] = [];
  for (let lead = 0xb0; lead <= 0xd7; lead++) for (let trail = 0xa1; trail <= 0xfe; trail++) gb.push(lead, trail);
  const big5: number[] = [];
  for (let lead = 0xa4; lead <= 0xc6; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if ((trail > 0x7e && trail < 0xa1) || (lead === 0xc6 && trail > 0x7e)) continue;
      big5.push(lead, trail);
    }
  }
  // A table by code unit (all of these are in the BMP): one array read per character.
  commonSet = new Uint8Array(0x10000);
  for (const text of [new TextDecoder("gbk").decode(new Uint8Array(gb)), new TextDecoder("big5").decode(new Uint8Array(big5))]) {
    for (let i = 0; i < text.length; i++) commonSet[text.charCodeAt(i)] = 1;
  }
  return commonSet;
}

/**
 * One decoder per encoding, reused: each TextDecoder holds an ICU converter in native memory
 * that is freed only when a full GC finds the object, so a decoder per page grew the
 * process's memory with every page crawled (seen in the bench).
 */
type Decoder = InstanceType<typeof TextDecoder>;
const decoders = new Map<string, Decoder>();
function decoderFor(encoding: string): Decoder {
  let decoder = decoders.get(encoding);
  if (!decoder) {
    decoder = new TextDecoder(encoding);
    decoders.set(encoding, decoder);
  }
  return decoder;
}

function tryDecode(encoding: string, bytes: Uint8Array): string | null {
  try {
    return decoderFor(encoding).decode(bytes);
  } catch {
    return null;
  }
}

const labels = new Map<string, string>();
/** A charset label as its WHATWG encoding name; unknown labels read as GB18030. */
function normalise(label: string): string {
  const known = labels.get(label);
  if (known !== undefined) return known;
  let name = "gb18030";
  try {
    name = decoderFor(label).encoding;
  } catch {
    // not a label TextDecoder knows
  }
  // Labels come from pages: bounded, in case a site invents a new one on every page.
  if (labels.size < 1000) labels.set(label, name);
  return name;
}

const UTF8 = new TextDecoder("utf-8");

/** The text when the bytes are valid UTF-8, else null (checked natively, without a throw). */
function strictUtf8(bytes: Uint8Array): string | null {
  return isUtf8(bytes) ? UTF8.decode(bytes) : null;
}

function hasHighBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}
