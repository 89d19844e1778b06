/**
 * `npm run demo`: serves the two bundled fixture sites on 127.0.0.1 and runs the real CLI
 * (bin/zwgk.js, the same binary users install) against each with the bundled rulebook.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { fixturesDir, serveFixtureSite } from "./fixture-server.js";

const bin = resolve(fixturesDir, "..", "bin", "zwgk.js");
const runs = [
  { site: "fgw", args: ["--unit", "市发展改革委"], what: "重庆市发展和改革委员会 (UTF-8 site, a 市政府部门)" },
  { site: "qx", args: ["--role", "区县政府", "--unit", "示范区政府"], what: "重庆市示范区人民政府 (GBK site, a 区县政府)" },
];

for (const run of runs) {
  const server = await serveFixtureSite(run.site);
  const args = [bin, "check", server.url, ...run.args, "--as-of", "2026-11-26"];
  process.stdout.write(`\n$ zwgk check ${server.url} ${run.args.join(" ")} --as-of 2026-11-26    # ${run.what}\n`);
  const code = await new Promise<number>((done) => spawn(process.execPath, args, { stdio: "inherit" }).on("exit", (c) => done(c ?? 1)));
  await server.close();
  process.stdout.write(`(zwgk exited ${code}: ${code === 1 ? "problems at or above --fail-on error were found, as expected for this fixture" : code === 0 ? "no failing problems" : "the check could not run"})\n`);
  if (code !== 0 && code !== 1) process.exit(code);
}
