/**
 * The command line runs with allocation-site pretenuring off (src/cli/heap.ts): with it on,
 * a long crawl's response buffers could wait in the old generation for a full GC, and peak RSS
 * at 10,000 pages was 230–250 MB instead of the usual 170–200 MB (docs/performance.md). The effect itself is
 * measured by `npm run bench`; these tests pin that the real entry point sets the flag.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { applyCliV8Flags, CLI_V8_FLAGS } from "../src/cli/heap.js";
import { repoRoot } from "./helpers/cli.js";

test("the CLI's V8 flags turn allocation-site pretenuring off", () => {
  assert.ok(CLI_V8_FLAGS.includes("--no-allocation-site-pretenuring"));
  // V8 rejects nothing loudly: an unknown flag is only warned about on stderr, so each flag is checked by name.
  const known = spawnSync(process.execPath, ["--v8-options"], { encoding: "utf8" }).stdout;
  for (const flag of CLI_V8_FLAGS) assert.match(known, new RegExp(`--${flag.replace(/^--(no-)?/, "")}\\b`), `${flag} is a V8 option of this Node`);
  assert.deepEqual(applyCliV8Flags(), CLI_V8_FLAGS);
});

test("bin/zwgk.js hands the flags to V8 before it runs a command", () => {
  const dir = mkdtempSync(join(tmpdir(), "zwgk-heap-"));
  try {
    // A preload that records setFlagsFromString calls: ESM named imports of node:v8 see the spy
    // once syncBuiltinESMExports() has copied it over.
    const spy = join(dir, "spy.mjs");
    writeFileSync(
      spy,
      [
        'import { createRequire, syncBuiltinESMExports } from "node:module";',
        "const v8 = createRequire(import.meta.url)('node:v8');",
        "const real = v8.setFlagsFromString;",
        "v8.setFlagsFromString = (f) => { process.stderr.write(`v8-flag ${f}\\n`); return real(f); };",
        "syncBuiltinESMExports();",
      ].join("\n"),
    );
    const run = spawnSync(process.execPath, ["--import", pathToFileURL(spy).href, resolve(repoRoot, "bin", "zwgk.js"), "--version"], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^\d+\.\d+\.\d+/);
    const set = run.stderr.split("\n").filter((l) => l.startsWith("v8-flag ")).map((l) => l.slice("v8-flag ".length));
    assert.deepEqual(set, [...CLI_V8_FLAGS]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
