/**
 * V8 settings the command line process runs with. Only the CLI applies them: they are
 * process-wide, and a program that embeds the library owns its own process.
 */
import { setFlagsFromString } from "node:v8";

/**
 * Allocation-site pretenuring off. A crawl makes two short-lived buffers per page (the socket
 * read and the body). With pretenuring on, some runs fell into a state where the buffers were
 * freed only by full GCs: `arrayBuffers` (outside the V8 heap) climbed 11 MB/s to the 64 MB that
 * forces one, and peak RSS at 10,000 pages was 228–252 MB. Our reading: V8 had decided that
 * objects from an allocation site that holds them live long and allocated those straight into
 * the old generation. Without pretenuring the runs usually peak at 170–200 MB, at the same speed
 * (docs/performance.md). The flag is read at every GC, so setting it at start-up works, unlike
 * heap sizes, which only the command line can set.
 */
export const CLI_V8_FLAGS = ["--no-allocation-site-pretenuring"] as const;

export function applyCliV8Flags(): readonly string[] {
  for (const flag of CLI_V8_FLAGS) setFlagsFromString(flag);
  return CLI_V8_FLAGS;
}
