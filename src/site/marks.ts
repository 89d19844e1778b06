/**
 * Site identity marks the national inspection indicators look for in every page's footer
 * (政府网站与政务新媒体检查指标): the 党政机关网站标识 (conac), 网站标识码, ICP备案, 公安备案 and
 * the 我为政府网站找错 entry. Several are injected by script, so the raw HTML is searched,
 * scripts included.
 */
export interface SiteMarks {
  conac: boolean;
  siteCode: string | null;
  icp: boolean;
  police: boolean;
  jiucuo: boolean;
}

/** The key elements a 办事指南 must show (检查指标: 服务不实用). */
export const GUIDE_ELEMENTS = ["事项名称", "设定依据", "申请条件", "办理材料", "办理地点", "办理机构", "收费标准", "办理时间", "联系电话", "办理流程"] as const;

export function readSiteMarks(html: string, siteIdCodeMeta?: string): SiteMarks {
  const code = /网站标识码\s*[:：]?\s*(?:<[^>]*>\s*)*([A-Za-z0-9]{8,12})/.exec(html)?.[1] ?? /sitecode\s*=\s*['"]?([A-Za-z0-9]{8,12})/i.exec(html)?.[1] ?? siteIdCodeMeta ?? null;
  return {
    conac: /conac\.cn|_ideConac|党政机关网站标识/i.test(html),
    siteCode: code,
    icp: /ICP备\s*\d+号|ICP备案/i.test(html),
    police: /公网安备/.test(html),
    jiucuo: /_jiucuo_|jiucuo\.|我为政府网站找错|网站找错/i.test(html),
  };
}

/** Which of the 办事指南 key elements a page's text names. */
export function guideElementsIn(text: string): string[] {
  return GUIDE_ELEMENTS.filter((e) => text.includes(e));
}
