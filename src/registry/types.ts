/** A units registry (单位名录) as the rest of zwgk sees it: every unit normalised, positions kept for messages. */

export interface ColumnHint {
  /** The column's path segments, or [] when the hint names no path. */
  path: string[];
  url: string;
}

export interface Exemption {
  rule: string;
  reason: string;
}

export interface RegistryUnit {
  name: string;
  /** Roles as written (ids or the table's names); empty when the rulebook's own entry decides. */
  roles: string[];
  /** Start pages, at least one. */
  sites: string[];
  columns: ColumnHint[];
  exemptions: Exemption[];
  /** Position in the registry's `units:` list (0-based). */
  index: number;
  /** Where the unit is written, for messages. */
  source: { file: string; line: number };
}

export interface Registry {
  /** The file as shown to the user. */
  file: string;
  id?: string;
  title?: string;
  /** An illustration (examples/), not an authoritative list. */
  example?: boolean;
  notes?: string;
  units: RegistryUnit[];
}
