/**
 * Bytes → text the way a browser would, but with the defaults Chinese government sites
 * need: BOM, then the HTTP charset, then <meta charset>, then sniffing (encoding-sniffer
 * implements the HTML spec's prescan), defaulting to GB18030 rather than windows-1252.
 * A declared charset that the bytes contradict (a "GB2312" page that is really UTF-8,
 * or the reverse) is overridden, and the report says so.
 */
import { getEncoding } from "encoding-sniffer";

export interface Decoded {
  text: string;
  /** The encoding used, as a WHATWG label (utf-8, gbk, gb18030 …). */
  encoding: string;
  /** Set when the declared encoding was wrong and another was used. */
  correctedFrom?: string;
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? "");
  return m?.[1];
}

export function decodeHtml(bytes: Uint8Array, contentType?: string): Decoded {
  const declared = normalise(getEncoding(bytes, { transportLayerEncodingLabel: charsetFromContentType(contentType), defaultEncoding: "gb18030" }));
  const utf8 = strictUtf8(bytes);
  if (declared === "utf-8") {
    if (utf8 !== null) return { text: utf8, encoding: "utf-8" };
    return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030", correctedFrom: "utf-8" };
  }
  if (isChinese(declared) && utf8 !== null && hasMultibyte(bytes)) {
    // Valid UTF-8 with CJK text is, in practice, never meant as GBK.
    return { text: utf8, encoding: "utf-8", correctedFrom: declared };
  }
  try {
    return { text: new TextDecoder(declared).decode(bytes), encoding: declared };
  } catch {
    return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030", correctedFrom: declared };
  }
}

function normalise(label: string): string {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return "gb18030";
  }
}

function isChinese(encoding: string): boolean {
  return encoding === "gbk" || encoding === "gb18030" || encoding === "big5";
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function hasMultibyte(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}
