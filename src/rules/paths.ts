import { dirname, isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The installed package's root: src/… and dist/… are both one level below it. */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const bundledRulesDir = resolve(packageRoot, "rules");
export const docsDir = resolve(packageRoot, "docs");
/** The rulebook used when --rules is not given. */
export const defaultRulebookPath = resolve(bundledRulesDir, "chongqing-2021.yaml");

/** How a file is named in messages: relative to the working directory when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}
