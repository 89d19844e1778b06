/**
 * Sharding a registry across CI runners (--shard i/n). A unit's shard depends on its name
 * alone, so it stays on the same runner when units are added or reordered, and every
 * runner computes the same split without talking to the others.
 */
import { createHash } from "node:crypto";
import { UsageError } from "../errors.js";

export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || total < 1 || index < 1 || index > total) {
    throw new UsageError(`--shard takes i/n with 1 ≤ i ≤ n (e.g. --shard 2/4), not "${text}"`);
  }
  return { index, total };
}

/** The shard (1-based) a unit belongs to out of `total`. */
export function shardOf(name: string, total: number): number {
  const digest = createHash("sha256").update(name.normalize("NFC"), "utf8").digest();
  return (digest.readUInt32BE(0) % total) + 1;
}

/** The units of one shard, in their original order. */
export function selectShard<T extends { name: string }>(units: readonly T[], shard: Shard): T[] {
  return units.filter((u) => shardOf(u.name, shard.total) === shard.index);
}
