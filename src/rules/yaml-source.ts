/**
 * YAML files that users write (rulebooks, unit registries) are validated against a JSON
 * Schema, and every problem is reported at its `file:line:col`. This module keeps the
 * parsed document beside the plain data so a JSON pointer can be traced back to a line.
 */
import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { Diagnostic } from "./types.js";

export interface YamlSource {
  /** The path as shown to the user (relative to the working directory when possible). */
  file: string;
  text: string;
  data: unknown;
  diagnostics: Diagnostic[];
  /** line:col (1-based) of the value at a JSON path, or of the closest enclosing node. */
  positionOf(path: readonly (string | number)[], which?: "key" | "value"): { line: number; col: number };
}

export async function readYamlSource(absolutePath: string, shownAs: string): Promise<YamlSource> {
  const text = await readFile(absolutePath, "utf8");
  return parseYamlSource(text, shownAs);
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  for (const error of [...doc.errors, ...doc.warnings]) {
    const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    const message = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    diagnostics.push({ file, line: pos.line, col: pos.col, message: `YAML: ${message}` });
  }
  const data = doc.errors.length ? undefined : doc.toJS({ maxAliasCount: 1000 });
  const positionOf = (path: readonly (string | number)[], which: "key" | "value" = "value") =>
    nodePosition(doc, lineCounter, path, which);
  return { file, text, data, diagnostics, positionOf };
}

function nodePosition(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly (string | number)[],
  which: "key" | "value",
): { line: number; col: number } {
  // Walk down as far as the path exists; report the deepest node found.
  let node: unknown = doc.contents;
  let best: { range?: [number, number, number] | null } | null = (node as Node | null) ?? null;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    if (!node || typeof node !== "object" || !("items" in node)) break;
    const items = (node as { items: unknown[] }).items;
    let next: unknown;
    if (isMap(node)) {
      const pair = items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
      if (pair && isPair(pair)) {
        const last = i === path.length - 1;
        next = last && which === "key" ? pair.key : (pair.value ?? pair.key);
      }
    } else {
      next = typeof key === "number" ? items[key] : undefined;
    }
    if (!next) break;
    node = next;
    if ((next as Node).range) best = next as Node;
  }
  const offset = best?.range?.[0] ?? 0;
  return lineCounter.linePos(offset);
}

const validators = new Map<string, ValidateFunction>();

/** Schema errors after which the data still has its expected shape, so further checks can run. */
const SHAPE_PRESERVING = new Set(["additionalProperties", "pattern", "minLength", "enum", "minimum"]);

/**
 * Validates data against a JSON Schema file, turning each Ajv error into a positioned
 * diagnostic. `shapeIntact` says whether the data can still be walked safely (unknown keys
 * and bad values do not break its shape; a missing key or a wrong type does).
 */
export function validateWithSchema(source: YamlSource, schemaPath: string): Diagnostic[] & { shapeIntact?: boolean } {
  let validate = validators.get(schemaPath);
  if (!validate) {
    const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as object;
    validate = new Ajv({ allErrors: true, strict: false, verbose: true }).compile(schema);
    validators.set(schemaPath, validate);
  }
  if (validate(source.data)) return Object.assign([], { shapeIntact: true });
  const seen = new Set<string>();
  const out: Diagnostic[] & { shapeIntact?: boolean } = [];
  out.shapeIntact = (validate.errors ?? []).every((e) => SHAPE_PRESERVING.has(e.keyword));
  for (const error of validate.errors ?? []) {
    const d = toDiagnostic(source, error);
    const key = `${d.line}:${d.col}:${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

function toDiagnostic(source: YamlSource, error: ErrorObject): Diagnostic {
  const path = pointerToPath(error.instancePath);
  const where = path.length ? `${path.join(".")}: ` : "";
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const pos = source.positionOf([...path, key], "key");
      const known = knownKeys(error);
      const hint = closest(key, known);
      return { file: source.file, ...pos, message: `${where}unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}` };
    }
    case "required": {
      const pos = source.positionOf(path, "value");
      return { file: source.file, ...pos, message: `${where}missing required key "${String(params.missingProperty)}"` };
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String).join(", ");
      return { file: source.file, ...source.positionOf(path), message: `${where}must be one of ${allowed}` };
    }
    case "minLength":
    case "pattern": {
      const isSegment = path.length >= 2 && path[path.length - 3] === "paths";
      const message = isSegment ? "empty path segment" : `must match ${String(params.pattern ?? "a non-empty value")}`;
      return { file: source.file, ...source.positionOf(path), message: `${where}${message}` };
    }
    default:
      return { file: source.file, ...source.positionOf(path), message: `${where}${error.message ?? error.keyword}` };
  }
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function knownKeys(error: ErrorObject): string[] {
  const props = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

/** The known key a typo most likely meant, if one is close enough. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
