export { extractPage, parseHtml, type PageFacts, type PageKind, type PageLink, type LinkKind, type ExtractOptions } from "./page.js";
export { walkNav, type NavNode } from "./nav.js";
export type { Crumb } from "./breadcrumb.js";
export type { ListItem, Pagination } from "./list.js";
export { parseFullDate, parseListDate, daysBetween, todayIso, isoDate } from "./dates.js";
export { cleanText, resolveHref } from "./text.js";
export { SiteModel, type Column, type ColumnSource, type DocumentLink, type FailedUrl } from "./model.js";
