/** The rulebook as the rest of zwgk sees it: every `extends` resolved, every override applied. */

export type Severity = "error" | "warning" | "info";
export const SEVERITIES: readonly Severity[] = ["info", "warning", "error"];

export interface Deadline {
  /** As written in the source table, e.g. 2021年6月底前. */
  text: string;
  /** Exact ISO date where the text gives one (月底 is the month's last day). */
  date?: string;
  recurring?: "yearly" | "quarterly" | "monthly";
  relative?: { amount: number; unit: "days" | "workingDays" | "months"; after?: string };
}

export interface RequiredDocument {
  name: string;
  /** A regular expression (as text) that a qualifying item title matches. */
  titlePattern?: string;
}

export interface Freshness {
  days: number;
  basis?: string;
}

export interface OcrNote {
  raw: string;
  text: string;
  certain?: boolean;
}

/** One 贯彻举措 (measure) or numbered sub-item of one. */
export interface Rule {
  id: string;
  section?: string;
  subsection?: string;
  row?: number;
  title: string;
  text?: string;
  /** 牵头单位 */
  lead: string[];
  /** 责任单位, as written in the table. */
  responsible: string[];
  /** `all`: every unit checked (national baselines). */
  appliesTo: { units: string[]; roles: string[]; all: boolean };
  /** 公开路径: each path is the column segments below the site root, as written. */
  paths: string[][];
  /** 其他渠道 and other non-website channels; recorded, not checked. */
  channels: string[];
  deadline?: Deadline;
  documents: RequiredDocument[];
  fields: string[];
  freshness?: Freshness;
  severity: Severity;
  /** false: a website check cannot verify it; it is reported as `manual`. */
  checkable: boolean;
  manualReason?: string;
  ocr: OcrNote[];
  /** Switched off by an overriding rulebook; kept so reports can say why. */
  disabled?: { reason: string };
  /** Where the rule is written, for `rules show` and error messages. */
  source: { file: string; line: number };
}

/** A 责任单位 group such as 各区县政府. */
export interface RoleDefinition {
  id: string;
  /** How the table writes the group (各区县政府, 市政府各部门 …). */
  names: string[];
  /** Units holding any of these roles hold this one too (区县政府 runs a 门户网站). */
  heldBy: string[];
  description?: string;
}

export interface UnitDefinition {
  name: string;
  roles: string[];
  names: string[];
  fullName?: string;
}

/** A national inspection indicator (国办秘函〔2019〕19号): a site-wide check and its thresholds. */
export interface Indicator {
  id: string;
  name: string;
  kind: "veto" | "deduction";
  check: string;
  params: Record<string, unknown>;
  enabled: boolean;
  source?: string;
  description?: string;
}

export interface Rulebook {
  id: string;
  title: string;
  version: string;
  year?: number;
  /** sha256 over the bytes of every file that went into it, in load order. */
  sha256: string;
  files: string[];
  truncated?: string;
  notes?: string;
  source?: string;
  channels: Record<string, string[]>;
  roles: Record<string, RoleDefinition>;
  units: Record<string, UnitDefinition>;
  /** canonical column name → variants seen on real sites (信息公开目录 ≈ 政府信息公开目录). */
  aliases: Record<string, string[]>;
  rules: Rule[];
  /** Site-wide national indicators, by id; empty when no layer defines any. */
  indicators: Record<string, Indicator>;
  /** Column kind → name fragments (动态, 通知公告 …), for the indicators. */
  columnKinds: Record<string, string[]>;
  /** Below this deduction score a site fails (default 60). */
  passScore: number;
}

/** One problem in a rulebook or registry, pointing at the place to fix. */
export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.message}`;
}
