/**
 * Loading a units registry (单位名录): parse YAML, validate against docs/registry.schema.json,
 * then check what a schema cannot (real URLs, duplicate units, and — given the rulebook —
 * known roles, known units, exemptions naming rules that exist and apply). Every problem is
 * collected and reported at its file:line:col before anything is crawled, exactly like a
 * rulebook (src/rules/load.ts).
 */
import { access } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "../errors.js";
import { displayPath, docsDir } from "../rules/paths.js";
import { identifyUnit, rulesForUnit } from "../rules/select.js";
import { formatDiagnostic, type Diagnostic, type Rulebook } from "../rules/types.js";
import { parseYamlSource, readYamlSource, validateWithSchema, type YamlSource } from "../rules/yaml-source.js";
import type { ColumnHint, Registry, RegistryUnit } from "./types.js";

export const registrySchemaPath = resolve(docsDir, "registry.schema.json");

/** The registry file as written. */
interface RawRegistry {
  registry?: { id?: string; title?: string; example?: boolean; notes?: string };
  units: RawUnit[];
}
interface RawUnit {
  name: string;
  roles?: string[];
  site: string | string[];
  columns?: { path?: string | string[]; url: string }[];
  exemptions?: { rule: string; reason: string }[];
}

export class RegistryError extends UsageError {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "RegistryError";
    this.diagnostics = diagnostics;
  }
}

export interface RegistryLoadOptions {
  cwd?: string;
  /** When given, roles, unit names and exemptions are checked against it too. */
  rulebook?: Rulebook;
}

/** Loads a registry; throws RegistryError (exit 2) listing every problem. */
export async function loadRegistry(file: string, options: RegistryLoadOptions = {}): Promise<Registry> {
  const { registry, diagnostics } = await lintRegistry(file, options);
  if (diagnostics.length || !registry) throw new RegistryError(diagnostics);
  return registry;
}

/** Loads a registry and returns every problem found instead of throwing. */
export async function lintRegistry(file: string, options: RegistryLoadOptions = {}): Promise<{ registry?: Registry; diagnostics: Diagnostic[] }> {
  const absolute = resolve(options.cwd ?? process.cwd(), file);
  const shown = displayPath(absolute, options.cwd ?? process.cwd());
  try {
    await access(absolute);
  } catch {
    return { diagnostics: [{ file: shown, line: 1, col: 1, message: "cannot read units registry: no such file; check the --units path" }] };
  }
  return lintRegistrySource(await readYamlSource(absolute, shown), options.rulebook);
}

/** The same checks on registry text already in memory (other tools generate registries). */
export function parseRegistry(text: string, file: string, rulebook?: Rulebook): { registry?: Registry; diagnostics: Diagnostic[] } {
  return lintRegistrySource(parseYamlSource(text, file), rulebook);
}

function lintRegistrySource(source: YamlSource, rulebook?: Rulebook): { registry?: Registry; diagnostics: Diagnostic[] } {
  if (source.diagnostics.length) return { diagnostics: source.diagnostics };
  const data = source.data;
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    const hint = Array.isArray(data) ? " (put the list under `units:`)" : "";
    return { diagnostics: [{ file: source.file, line: 1, col: 1, message: `a units registry must be a YAML mapping with a \`units:\` list${hint}` }] };
  }
  const schemaProblems = validateWithSchema(source, registrySchemaPath).map(friendlier);
  if (schemaProblems.length) return { diagnostics: sortByPosition(schemaProblems) };

  const raw = data as RawRegistry;
  const diagnostics: Diagnostic[] = [];
  const at = (path: (string | number)[], which: "key" | "value" = "value") => ({ file: source.file, ...source.positionOf(path, which) });
  const firstLine = new Map<string, number>();
  const units: RegistryUnit[] = raw.units.map((u, i) => {
    const line = source.positionOf(["units", i]).line;
    const name = u.name.trim();
    const first = firstLine.get(name);
    if (first !== undefined) diagnostics.push({ ...at(["units", i, "name"]), message: `duplicate unit "${name}" (first at line ${first})` });
    else firstLine.set(name, line);

    const sites = (Array.isArray(u.site) ? u.site : [u.site]).map((s, j) => {
      const where = Array.isArray(u.site) ? ["units", i, "site", j] : ["units", i, "site"];
      return checkedUrl(s, () => at(where), diagnostics);
    });
    const columns: ColumnHint[] = (u.columns ?? []).map((c, j) => ({
      path: splitPath(c.path),
      url: checkedUrl(c.url, () => at(["units", i, "columns", j, "url"]), diagnostics),
    }));
    const seenRules = new Set<string>();
    for (const [j, e] of (u.exemptions ?? []).entries()) {
      if (seenRules.has(e.rule)) diagnostics.push({ ...at(["units", i, "exemptions", j, "rule"]), message: `rule "${e.rule}" is exempted twice for ${name}` });
      seenRules.add(e.rule);
    }
    return {
      name,
      roles: u.roles ?? [],
      sites,
      columns,
      exemptions: (u.exemptions ?? []).map((e) => ({ rule: e.rule, reason: e.reason.trim() })),
      index: i,
      source: { file: source.file, line },
    };
  });
  if (rulebook) checkAgainstRulebook(units, rulebook, at, diagnostics);
  if (diagnostics.length) return { diagnostics: sortByPosition(diagnostics) };
  const header = raw.registry ?? {};
  return {
    registry: {
      file: source.file,
      ...(header.id ? { id: header.id } : {}),
      ...(header.title ? { title: header.title } : {}),
      ...(header.example !== undefined ? { example: header.example } : {}),
      ...(header.notes ? { notes: header.notes } : {}),
      units,
    },
    diagnostics: [],
  };
}

type At = (path: (string | number)[], which?: "key" | "value") => { file: string; line: number; col: number };

/** What only the rulebook can tell: does each role, unit and exempted rule exist, and does the rule apply. */
function checkAgainstRulebook(units: RegistryUnit[], book: Rulebook, at: At, diagnostics: Diagnostic[]): void {
  const roleNames = (asked: string) => book.roles[asked] ?? Object.values(book.roles).find((r) => r.names.includes(asked));
  const known = (name: string) => book.units[name] ?? Object.values(book.units).find((u) => u.names.includes(name) || u.fullName === name);
  const canonicalSeen = new Map<string, RegistryUnit>();
  for (const unit of units) {
    const i = unit.index;
    let rolesOk = true;
    for (const [j, role] of unit.roles.entries()) {
      if (!roleNames(role)) {
        rolesOk = false;
        diagnostics.push({ ...at(["units", i, "roles", j]), message: `unknown role "${role}"; rulebook ${book.id} defines: ${Object.keys(book.roles).join(", ")}` });
      }
    }
    const entry = known(unit.name);
    if (!entry && unit.roles.length === 0) {
      diagnostics.push({ ...at(["units", i, "name"]), message: `unit "${unit.name}" is not in rulebook ${book.id}: give its roles, e.g. roles: [区县政府]` });
      continue;
    }
    if (entry && entry.name !== unit.name) {
      const twin = canonicalSeen.get(entry.name);
      if (twin) diagnostics.push({ ...at(["units", i, "name"]), message: `"${unit.name}" is the rulebook's ${entry.name}, already listed at line ${twin.source.line}` });
    }
    if (entry) canonicalSeen.set(entry.name, canonicalSeen.get(entry.name) ?? unit);
    if (!rolesOk || !unit.exemptions.length) continue;
    const applying = new Set(rulesForUnit(book, identifyUnit(book, unit.name, unit.roles)).map((r) => r.id));
    for (const [j, e] of unit.exemptions.entries()) {
      const where = at(["units", i, "exemptions", j, "rule"]);
      if (!book.rules.some((r) => r.id === e.rule)) diagnostics.push({ ...where, message: `exemption names unknown rule "${e.rule}" (rulebook ${book.id})` });
      else if (!applying.has(e.rule)) diagnostics.push({ ...where, message: `rule "${e.rule}" does not apply to ${unit.name}, so it cannot be exempted; remove the exemption` });
    }
  }
}

function checkedUrl(value: string, where: () => { file: string; line: number; col: number }, diagnostics: Diagnostic[]): string {
  try {
    return new URL(value.trim()).href;
  } catch {
    diagnostics.push({ ...where(), message: `"${value}" is not a valid URL` });
    return value;
  }
}

/** The table writes paths as 政府网站→政务公开→…; the site root is not a column. */
export function splitPath(path: string | string[] | undefined): string[] {
  if (path === undefined) return [];
  const parts = Array.isArray(path) ? path : path.split(/\s*(?:>|→|＞|»|\/)\s*/);
  const trimmed = parts.map((p) => p.trim()).filter(Boolean);
  while (trimmed.length && /^(政府网站|门户网站|网站|首页)$/.test(trimmed[0]!)) trimmed.shift();
  return trimmed;
}

/** The shared validator speaks regular expressions; registry authors need words. */
function friendlier(d: Diagnostic): Diagnostic {
  if (/(^|\.)(site|url)(\.\d+)?: must match /.test(d.message)) return { ...d, message: d.message.replace(/must match .*$/, "must be an http:// or https:// address") };
  if (/exemptions\.\d+\.rule: must be string$/.test(d.message)) return { ...d, message: `${d.message} (quote rule ids: rule: "1.10")` };
  return d;
}

function sortByPosition(list: Diagnostic[]): Diagnostic[] {
  return list.sort((a, b) => a.line - b.line || a.col - b.col);
}
