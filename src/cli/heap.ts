/**
 * V8 settings the command line process runs with. Only the CLI applies them: they are
 * process-wide, and a program that embeds the library owns its own process.
 */
import { setFlagsFromString } from "node:v8";

/**
 * Allocation-site pretenuring off. A crawl makes two short-lived buffers per page (the socket
 * read and the body undici hands over). Once V8 decides such an allocation site "survives", it
 * allocates the site's objects straight into the old generation, where they wait for a full GC:
 * their bodies, outside the V8 heap, piled up to the 64 MB that forces one (measured:
 * `arrayBuffers` climbing 11 MB/s between full GCs, peak RSS 228–242 MB at 10,000 pages;
 * without pretenuring 176–184 MB, same speed). Which runs it hit depended on timing, so the
 * flag is set rather than hoped for. It is read at every GC, so setting it at start-up works,
 * unlike heap sizes, which only the command line can set. See docs/performance.md.
 */
export const CLI_V8_FLAGS = ["--no-allocation-site-pretenuring"] as const;

export function applyCliV8Flags(): readonly string[] {
  for (const flag of CLI_V8_FLAGS) setFlagsFromString(flag);
  return CLI_V8_FLAGS;
}
