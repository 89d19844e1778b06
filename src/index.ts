/**
 * zwgk as a library: `import { check, loadRulebook } from "zwgk"`.
 * The CLI (src/cli) is one user of this surface; nothing here touches process or the console.
 */
export { check, checkUnit, judgeUnit, buildReport, DEFAULTS, type CheckOptions } from "./check/index.js";
export { findColumn } from "./check/match.js";
export { NameMatcher, normaliseName } from "./check/names.js";
export { loadRulebook, lintRulebook, rulesForUnit, identifyUnit, resolveRoles, defaultRulebookPath, type Rulebook, type Rule, type Diagnostic } from "./rules/index.js";
export { Crawler, decodeHtml, fetchUrl, type CrawlOptions, type CrawlResult } from "./crawl/index.js";
export { extractPage, SiteModel, type PageFacts } from "./site/index.js";
export { FORMATTERS, formatJson, formatText, STATUSES, PROBLEM_STATUSES, type Report, type UnitReport, type Finding, type Status } from "./report/index.js";
export { checkUnits, type CheckUnitsOptions } from "./check/units.js";
export { loadRegistry, lintRegistry, parseRegistry, type Registry, type RegistryUnit } from "./registry/index.js";
export { render, formatHtml, formatMarkdown, formatCsv, formatXlsx, formatJunit, applyBaseline, mergeReports, readReport, parseShard, selectShard, shardOf, unitRows, ruleRows, type FormatOutput } from "./report/index.js";
export { ZwgkError, UsageError, IncompleteError, ExitCode } from "./errors.js";
