/** Which rules a unit is checked against: the rules naming it, or one of its roles. */
import { UsageError } from "../errors.js";
import type { Rule, Rulebook } from "./types.js";

export interface UnitIdentity {
  name: string;
  roles: string[];
}

/**
 * Turns what a user typed (--role 各区县政府, --role 区县政府) into role ids, and adds the roles
 * held implicitly (a 区县政府 runs its own 门户网站, so it is a 门户网站主办单位 too).
 */
export function resolveRoles(book: Rulebook, requested: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const asked of requested) {
    const id = book.roles[asked] ? asked : Object.values(book.roles).find((r) => r.names.includes(asked))?.id;
    if (!id) {
      const known = Object.keys(book.roles).join(", ");
      throw new UsageError(`unknown role "${asked}"; the rulebook ${book.id} defines: ${known}`);
    }
    ids.add(id);
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const role of Object.values(book.roles)) {
      if (!ids.has(role.id) && role.heldBy.some((h) => ids.has(h))) {
        ids.add(role.id);
        grew = true;
      }
    }
  }
  return [...ids];
}

/** A unit's identity: roles given explicitly win; otherwise the rulebook's own entry for the name. */
export function identifyUnit(book: Rulebook, name: string | undefined, roles: readonly string[]): UnitIdentity {
  const known = name ? findUnit(book, name) : undefined;
  if (name && !known && roles.length === 0) {
    const names = Object.keys(book.units).slice(0, 8).join(", ");
    throw new UsageError(`unit "${name}" is not in rulebook ${book.id}; give its roles with --role (e.g. --role 区县政府), or use a known unit such as ${names}`);
  }
  const declared = roles.length ? [...roles] : (known?.roles ?? []);
  return { name: known?.name ?? name ?? "", roles: resolveRoles(book, declared) };
}

function findUnit(book: Rulebook, name: string) {
  return book.units[name] ?? Object.values(book.units).find((u) => u.names.includes(name) || u.fullName === name);
}

export function ruleAppliesTo(rule: Rule, unit: UnitIdentity): boolean {
  return rule.appliesTo.all || rule.appliesTo.units.includes(unit.name) || rule.appliesTo.roles.some((r) => unit.roles.includes(r));
}

/** Every rule that applies to the unit, in rulebook order, disabled ones included (they are reported as such). */
export function rulesForUnit(book: Rulebook, unit: UnitIdentity): Rule[] {
  return book.rules.filter((r) => ruleAppliesTo(r, unit));
}
