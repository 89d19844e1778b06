/**
 * Loading a rulebook: parse YAML, validate against docs/rulebook.schema.json, check what a
 * schema cannot (duplicate ids, unknown units and roles, real dates, extends cycles, alias
 * targets), resolve `extends` and `overrides`. All problems are collected before failing,
 * so a user fixes a file in one pass.
 */
import { createHash } from "node:crypto";
import { access } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { displayPath, docsDir } from "./paths.js";
import { formatDiagnostic, type Diagnostic, type Indicator, type Rule, type Rulebook, type Severity } from "./types.js";
import { readYamlSource, validateWithSchema, type YamlSource } from "./yaml-source.js";

const schemaPath = resolve(docsDir, "rulebook.schema.json");

/** The rulebook file as written, before resolution. */
interface RawRulebook {
  rulebook: { id: string; title: string; version?: string | number; year?: number; source?: string; truncated?: string; notes?: string };
  extends?: string[];
  channels?: Record<string, string[]>;
  roles?: Record<string, { names?: string[]; heldBy?: string[]; description?: string }>;
  units?: Record<string, { roles?: string[]; names?: string[]; fullName?: string }>;
  aliases?: Record<string, string[]>;
  columnKinds?: Record<string, string[]>;
  verdict?: { passScore?: number };
  indicators?: Record<string, Partial<Omit<Indicator, "id">>>;
  overrides?: Record<string, { disabled?: boolean; reason?: string; severity?: Severity; freshness?: { days: number; basis?: string } }>;
  rules?: RawRule[];
}
type RawRule = Omit<Partial<Rule>, "appliesTo" | "source"> & { id: string; title: string; appliesTo: { units?: string[]; roles?: string[]; all?: boolean }; checkable: boolean };

interface LoadedFile {
  absolutePath: string;
  source: YamlSource;
  raw: RawRulebook;
}

export class RulebookError extends UsageError {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "RulebookError";
    this.diagnostics = diagnostics;
  }
}

/** Loads and resolves a rulebook; throws RulebookError (exit 2) listing every problem. */
export async function loadRulebook(file: string, options: { cwd?: string } = {}): Promise<Rulebook> {
  const { rulebook, diagnostics } = await lintRulebook(file, options);
  if (diagnostics.length || !rulebook) throw new RulebookError(diagnostics);
  return rulebook;
}

/** Loads a rulebook and returns every problem found instead of throwing. */
export async function lintRulebook(
  file: string,
  options: { cwd?: string } = {},
): Promise<{ rulebook?: Rulebook; diagnostics: Diagnostic[] }> {
  const cwd = options.cwd ?? process.cwd();
  const diagnostics: Diagnostic[] = [];
  const chain: LoadedFile[] = [];
  await loadChain(resolve(cwd, file), cwd, [], chain, diagnostics, new Set());
  if (!chain.length) return { diagnostics: sortDiagnostics(diagnostics) };
  const rulebook = resolveChain(chain, diagnostics);
  return diagnostics.length ? { diagnostics: sortDiagnostics(diagnostics) } : { rulebook, diagnostics };
}

function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort((a, b) => (a.file === b.file ? a.line - b.line || a.col - b.col : 0));
}

/** Depth-first over `extends`, bases before the file that extends them. */
async function loadChain(
  absolutePath: string,
  cwd: string,
  stack: string[],
  out: LoadedFile[],
  diagnostics: Diagnostic[],
  done: Set<string>,
  from?: { source: YamlSource; index: number },
): Promise<void> {
  const shown = displayPath(absolutePath, cwd);
  if (stack.includes(absolutePath)) {
    const cycle = [...stack.slice(stack.indexOf(absolutePath)), absolutePath].map((p) => displayPath(p, cwd)).join(" → ");
    const pos = from ? from.source.positionOf(["extends", from.index]) : { line: 1, col: 1 };
    diagnostics.push({ file: from?.source.file ?? shown, ...pos, message: `extends cycle: ${cycle}` });
    return;
  }
  if (done.has(absolutePath)) return;
  done.add(absolutePath);
  try {
    await access(absolutePath);
  } catch {
    const pos = from ? from.source.positionOf(["extends", from.index]) : { line: 1, col: 1 };
    const what = from ? `extends "${shown}", which does not exist` : `cannot read rulebook: no such file; check the --rules path`;
    diagnostics.push({ file: from?.source.file ?? shown, ...pos, message: what });
    return;
  }
  const source = await readYamlSource(absolutePath, shown);
  if (source.diagnostics.length) {
    diagnostics.push(...source.diagnostics);
    return;
  }
  if (!source.data || typeof source.data !== "object" || Array.isArray(source.data)) {
    diagnostics.push({ file: shown, line: 1, col: 1, message: "a rulebook must be a YAML mapping with a `rulebook:` header and `rules:`" });
    return;
  }
  const schemaProblems = validateWithSchema(source, schemaPath);
  diagnostics.push(...schemaProblems);
  // Keep going when the shape is intact, so one run reports every problem.
  if (!schemaProblems.shapeIntact) return;
  const raw = source.data as RawRulebook;
  for (const [index, base] of (raw.extends ?? []).entries()) {
    await loadChain(resolve(dirname(absolutePath), base), cwd, [...stack, absolutePath], out, diagnostics, done, { source, index });
  }
  out.push({ absolutePath, source, raw });
}

function resolveChain(chain: LoadedFile[], diagnostics: Diagnostic[]): Rulebook {
  const top = chain[chain.length - 1]!;
  const hash = createHash("sha256");
  const result: Rulebook = {
    id: top.raw.rulebook.id,
    title: top.raw.rulebook.title,
    version: String(top.raw.rulebook.version ?? "0"),
    year: top.raw.rulebook.year,
    sha256: "",
    files: [],
    truncated: top.raw.rulebook.truncated,
    notes: top.raw.rulebook.notes,
    source: top.raw.rulebook.source,
    channels: {},
    roles: {},
    units: {},
    aliases: {},
    rules: [],
    indicators: {},
    columnKinds: {},
    passScore: 60,
  };
  const ruleIndex = new Map<string, number>();
  for (const { source, raw } of chain) {
    hash.update(source.text);
    result.files.push(source.file);
    Object.assign(result.channels, raw.channels);
    for (const [id, role] of Object.entries(raw.roles ?? {})) {
      result.roles[id] = { id, names: role.names ?? [id], heldBy: role.heldBy ?? [], description: role.description };
    }
    for (const [name, unit] of Object.entries(raw.units ?? {})) {
      result.units[name] = { name, roles: unit.roles ?? [], names: unit.names ?? [], fullName: unit.fullName };
    }
    for (const [canonical, variants] of Object.entries(raw.aliases ?? {})) {
      result.aliases[canonical] = [...new Set([...(result.aliases[canonical] ?? []), ...variants])];
    }
    Object.assign(result.columnKinds, raw.columnKinds);
    if (raw.verdict?.passScore !== undefined) result.passScore = raw.verdict.passScore;
    for (const [id, ind] of Object.entries(raw.indicators ?? {})) {
      const base = result.indicators[id];
      if (!base && !(ind.name && ind.kind && ind.check)) {
        diagnostics.push({ file: source.file, ...source.positionOf(["indicators", id], "key"), message: `indicator "${id}" is new here, so it needs name, kind and check` });
        continue;
      }
      // A later layer changes thresholds one by one: params merge, the rest replaces.
      result.indicators[id] = {
        id,
        name: ind.name ?? base!.name,
        kind: ind.kind ?? base!.kind,
        check: ind.check ?? base!.check,
        params: { ...base?.params, ...ind.params },
        enabled: ind.enabled ?? base?.enabled ?? true,
        source: ind.source ?? base?.source,
        description: ind.description ?? base?.description,
      };
    }
    const seenHere = new Map<string, number>();
    for (const [i, r] of (raw.rules ?? []).entries()) {
      const line = source.positionOf(["rules", i]).line;
      const first = seenHere.get(r.id);
      if (first !== undefined) {
        diagnostics.push({ file: source.file, ...source.positionOf(["rules", i, "id"]), message: `duplicate rule id "${r.id}" (first at line ${first})` });
        continue;
      }
      seenHere.set(r.id, line);
      const rule = normaliseRule(r, source.file, line);
      const existing = ruleIndex.get(rule.id);
      if (existing === undefined) {
        ruleIndex.set(rule.id, result.rules.length);
        result.rules.push(rule);
      } else {
        result.rules[existing] = rule; // a later layer redefines the rule
      }
    }
    for (const [id, change] of Object.entries(raw.overrides ?? {})) {
      const index = ruleIndex.get(id);
      if (index === undefined) {
        diagnostics.push({ file: source.file, ...source.positionOf(["overrides", id], "key"), message: `override of unknown rule "${id}"` });
        continue;
      }
      const rule = result.rules[index]!;
      if (change.disabled) rule.disabled = { reason: change.reason ?? "switched off by " + source.file };
      if (change.severity) rule.severity = change.severity;
      if (change.freshness) rule.freshness = change.freshness;
    }
  }
  result.sha256 = hash.digest("hex");
  checkReferences(chain, result, diagnostics);
  return result;
}

function normaliseRule(r: RawRule, file: string, line: number): Rule {
  return {
    id: r.id,
    section: r.section,
    subsection: r.subsection,
    row: r.row,
    title: r.title,
    text: r.text,
    lead: r.lead ?? [],
    responsible: r.responsible ?? [],
    appliesTo: { units: r.appliesTo.units ?? [], roles: r.appliesTo.roles ?? [], all: r.appliesTo.all ?? false },
    paths: (r.paths ?? []).map((p) => p.map((s) => s.trim())),
    channels: r.channels ?? [],
    deadline: r.deadline,
    documents: r.documents ?? [],
    fields: r.fields ?? [],
    freshness: r.freshness,
    severity: r.severity ?? (r.checkable ? "error" : "info"),
    checkable: r.checkable,
    manualReason: r.manualReason,
    ocr: r.ocr ?? [],
    source: { file, line },
  };
}

/** Cross-references a schema cannot express, checked against the fully resolved rulebook. */
function checkReferences(chain: LoadedFile[], book: Rulebook, diagnostics: Diagnostic[]): void {
  const segments = new Set(book.rules.flatMap((r) => r.paths.flat()));
  for (const { source, raw } of chain) {
    const at = (path: (string | number)[], which: "key" | "value" = "value") => ({ file: source.file, ...source.positionOf(path, which) });
    for (const [id, role] of Object.entries(raw.roles ?? {})) {
      for (const [j, held] of (role.heldBy ?? []).entries()) {
        if (!book.roles[held]) diagnostics.push({ ...at(["roles", id, "heldBy", j]), message: `unknown role "${held}" in heldBy` });
      }
    }
    for (const [name, unit] of Object.entries(raw.units ?? {})) {
      for (const [j, role] of (unit.roles ?? []).entries()) {
        if (!book.roles[role]) diagnostics.push({ ...at(["units", name, "roles", j]), message: `unknown role "${role}" (define it under roles:)` });
      }
    }
    for (const canonical of Object.keys(raw.aliases ?? {})) {
      if (!segments.has(canonical)) {
        diagnostics.push({ ...at(["aliases", canonical], "key"), message: `alias target "${canonical}" is not a column in any rule's paths` });
      }
    }
    for (const [i, r] of (raw.rules ?? []).entries()) {
      for (const [j, unit] of (r.appliesTo.units ?? []).entries()) {
        if (!book.units[unit]) diagnostics.push({ ...at(["rules", i, "appliesTo", "units", j]), message: `unknown unit "${unit}" (define it under units:)` });
      }
      for (const [j, role] of (r.appliesTo.roles ?? []).entries()) {
        if (!book.roles[role]) diagnostics.push({ ...at(["rules", i, "appliesTo", "roles", j]), message: `unknown role "${role}" (define it under roles:)` });
      }
      if (!(r.appliesTo.units?.length || r.appliesTo.roles?.length || r.appliesTo.all)) {
        diagnostics.push({ ...at(["rules", i, "appliesTo"]), message: `rule "${r.id}" applies to no unit or role` });
      }
      if (r.deadline?.date && !isRealDate(r.deadline.date)) {
        diagnostics.push({ ...at(["rules", i, "deadline", "date"]), message: `"${r.deadline.date}" is not a real calendar date` });
      }
      if (r.checkable === false && !r.manualReason) {
        diagnostics.push({ ...at(["rules", i, "checkable"]), message: `rule "${r.id}" is manual (checkable: false) but has no manualReason` });
      }
      for (const [j, doc] of (r.documents ?? []).entries()) {
        if (doc.titlePattern && !compiles(doc.titlePattern)) {
          diagnostics.push({ ...at(["rules", i, "documents", j, "titlePattern"]), message: `titlePattern is not a valid regular expression` });
        }
      }
    }
  }
}

export function isRealDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}
