/**
 * Serves generated bench sites by hand, for looking at what a tool does with them:
 *   node --import tsx scripts/bench/serve.ts <dir> [<dir> …]   → prints one URL per site, Ctrl-C stops.
 * Generate a site first with: node --import tsx scripts/bench/serve.ts --generate <dir> <pages> [small]
 */
import { fork } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateSite } from "./site.js";

const args = process.argv.slice(2);
if (args[0] === "--generate") {
  const manifest = await generateSite(args[1]!, { pages: Number(args[2]), small: args[3] === "small" });
  process.stdout.write(`${JSON.stringify(manifest)}\n`);
} else {
  const child = fork(join(dirname(fileURLToPath(import.meta.url)), "server.ts"), [], { execArgv: ["--import", "tsx"] });
  child.on("message", (m: { urls?: string[] }) => m.urls && process.stdout.write(`${m.urls.join("\n")}\n`));
  child.send({ type: "serve", id: 1, sites: args.map((dir) => ({ dir, host: "127.0.0.1" })) });
  process.on("SIGINT", () => {
    child.send({ type: "close" });
    process.exit(0);
  });
}
