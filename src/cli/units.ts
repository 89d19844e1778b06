/** `zwgk check --units units.yaml`: the registry run — load and validate, pick the shard, check every unit. */
import { checkUnits, DEFAULT_PARALLEL, type CheckUnitsOptions } from "../check/units.js";
import { UsageError } from "../errors.js";
import { loadRegistry } from "../registry/load.js";
import { isProblem, parseShard, selectShard, type Report } from "../report/index.js";
import type { CliIO } from "./io.js";

export interface UnitsRunOptions {
  units: string;
  unit?: string;
  role: string[];
  shard?: string;
  parallel?: number;
  quiet?: boolean;
}

export { DEFAULT_PARALLEL };

/** `siteOptions` are what `zwgk check <url>` passes for one site; each unit adds its own site, name and roles. */
export async function runUnitsCheck(url: string | undefined, siteOptions: Omit<CheckUnitsOptions, "units">, opts: UnitsRunOptions, io: CliIO): Promise<Report> {
  if (url !== undefined) throw new UsageError(`give either a URL or --units, not both (the registry names each unit's site)`);
  if (opts.unit || opts.role.length) throw new UsageError(`--unit and --role describe one site; with --units each unit's name and roles come from the registry`);
  if (siteOptions.fromSnapshot) throw new UsageError("--from-snapshot replays one site's snapshot; it does not go with --units");
  const shard = opts.shard ? parseShard(opts.shard) : undefined;
  const registry = await loadRegistry(opts.units, { cwd: io.cwd, rulebook: siteOptions.rulebook });
  const units = shard ? selectShard(registry.units, shard) : registry.units;
  if (!opts.quiet) {
    const which = shard ? ` (shard ${shard.index}/${shard.total} of ${registry.units.length})` : "";
    io.stderr.write(`zwgk: checking ${units.length} unit(s) from ${registry.file}${which}, ${opts.parallel ?? DEFAULT_PARALLEL} at a time\n`);
  }
  // One progress line cannot follow several crawls; a line per finished unit does instead.
  const { onProgress: _progress, ...perSite } = siteOptions;
  return checkUnits({
    ...perSite,
    units,
    parallel: opts.parallel ?? DEFAULT_PARALLEL,
    registry: { file: registry.file, ...(registry.id ? { id: registry.id } : {}), ...(registry.title ? { title: registry.title } : {}), ...(registry.example !== undefined ? { example: registry.example } : {}) },
    ...(shard ? { shard } : {}),
    onUnit: opts.quiet
      ? undefined
      : (unit, done, total) => {
          const problems = unit.findings.filter(isProblem).length;
          const stopped = unit.crawl.stoppedBy === "done" ? "" : `, ${unit.crawl.stoppedBy}`;
          io.stderr.write(`zwgk: [${done}/${total}] ${unit.name}: ${unit.crawl.pagesFetched} page(s), ${problems} problem(s)${stopped}\n`);
        },
  });
}
