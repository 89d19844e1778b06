/** `zwgk rules lint|list|show`: rulebooks as data a user can check and query without running a crawl. */
import { readdir } from "node:fs/promises";
import { resolve } from "node:path";
import { Option, type Command } from "commander";
import { ExitCode, UsageError } from "../../errors.js";
import {
  bundledRulesDir,
  defaultRulebookPath,
  displayPath,
  formatDiagnostic,
  identifyUnit,
  lintRulebook,
  loadRulebook,
  rulesForUnit,
  type Rule,
  type Rulebook,
} from "../../rules/index.js";
import { collect, type CliIO, type SetExit } from "../io.js";

export function registerRules(program: Command, io: CliIO, setExit: SetExit): void {
  const rules = program.command("rules").description("lint, list and show rulebook rules");

  rules
    .command("lint")
    .description("validate rulebooks; exit 0 when clean, 2 with every problem as file:line:col")
    .argument("[files...]", "rulebook YAML files (default: the bundled rulebooks)")
    .action(async (files: string[]) => {
      const targets = files.length ? files : await bundledRulebooks();
      let problems = 0;
      for (const file of targets) {
        const { rulebook, diagnostics } = await lintRulebook(file, { cwd: io.cwd });
        problems += diagnostics.length;
        for (const d of diagnostics) io.stdout.write(formatDiagnostic(d) + "\n");
        if (rulebook) io.stdout.write(`${displayPath(resolve(io.cwd, file), io.cwd)}: ok, ${rulebook.rules.length} rules (${rulebook.files.length} file(s))\n`);
      }
      if (problems) io.stderr.write(`zwgk: ${problems} problem(s) in ${targets.length} rulebook(s)\n`);
      setExit(problems ? ExitCode.usage : ExitCode.ok);
    });

  rules
    .command("list")
    .description("list the rules, optionally only those that apply to a unit or role")
    .option("--rules <file>", "rulebook YAML file", defaultRulebookPath)
    .option("--unit <name>", "only rules that apply to this unit")
    .option("--role <role>", "only rules that apply to this role (repeatable)", collect, [])
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (opts: { rules: string; unit?: string; role: string[]; format: string }) => {
      const book = await loadRulebook(opts.rules, { cwd: io.cwd });
      const selected = opts.unit || opts.role.length ? rulesForUnit(book, identifyUnit(book, opts.unit, opts.role)) : book.rules;
      if (opts.format === "json") {
        io.stdout.write(JSON.stringify(selected.map(listEntry), null, 2) + "\n");
      } else {
        for (const r of selected) {
          const kind = r.checkable ? r.severity : "manual";
          const path = r.paths.map((p) => p.join(" > ")).join(" | ") || "(no path)";
          io.stdout.write(`${r.id.padEnd(8)} ${kind.padEnd(7)} ${r.title}\n${" ".repeat(17)}${path}${r.disabled ? `  [off: ${r.disabled.reason}]` : ""}\n`);
        }
        io.stdout.write(`${selected.length} rule(s) from ${book.id} ${book.version}\n`);
      }
      setExit(ExitCode.ok);
    });

  rules
    .command("show")
    .description("print one rule in full, with its source text")
    .argument("<id>", "rule id, e.g. 1.2.1")
    .option("--rules <file>", "rulebook YAML file", defaultRulebookPath)
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (id: string, opts: { rules: string; format: string }) => {
      const book = await loadRulebook(opts.rules, { cwd: io.cwd });
      const rule = book.rules.find((r) => r.id === id);
      if (!rule) throw new UsageError(`no rule "${id}" in ${book.id}; run \`zwgk rules list\` to see the ids`);
      io.stdout.write(opts.format === "json" ? JSON.stringify(rule, null, 2) + "\n" : showRule(rule, book));
      setExit(ExitCode.ok);
    });
}

async function bundledRulebooks(): Promise<string[]> {
  return (await readdir(bundledRulesDir)).filter((f) => f.endsWith(".yaml")).sort().map((f) => resolve(bundledRulesDir, f));
}

/** The `rules list --format json` entry: a stable, documented subset of the rule. */
function listEntry(r: Rule) {
  return {
    id: r.id,
    title: r.title,
    section: r.section ?? null,
    subsection: r.subsection ?? null,
    paths: r.paths,
    lead: r.lead,
    responsible: r.responsible,
    units: r.appliesTo.units,
    roles: r.appliesTo.roles,
    allUnits: r.appliesTo.all,
    deadline: r.deadline ?? null,
    checkable: r.checkable,
    severity: r.severity,
    disabled: r.disabled ?? null,
  };
}

function showRule(r: Rule, book: Rulebook): string {
  const lines = [`${r.id}  ${r.title}`, `  rulebook:     ${book.id} ${book.version} (${r.source.file}:${r.source.line})`];
  const add = (label: string, value: string | undefined) => value && lines.push(`  ${label.padEnd(13)} ${value}`);
  add("section:", r.section);
  add("subsection:", r.subsection);
  add("牵头单位:", r.lead.join("、"));
  add("责任单位:", r.responsible.join("、"));
  add("applies to:", [r.appliesTo.all ? "every unit" : "", ...r.appliesTo.units, ...r.appliesTo.roles.map((x) => `role ${x}`)].filter(Boolean).join(", "));
  for (const [i, p] of r.paths.entries()) add(i ? "" : "公开路径:", p.join(" → "));
  add("其他渠道:", r.channels.join("、"));
  add("deadline:", r.deadline ? [r.deadline.text, r.deadline.date, r.deadline.recurring, r.deadline.relative && `${r.deadline.relative.amount} ${r.deadline.relative.unit} after ${r.deadline.relative.after ?? "?"}`].filter(Boolean).join(" · ") : undefined);
  add("documents:", r.documents.map((d) => d.name + (d.titlePattern ? ` /${d.titlePattern}/` : "")).join("; "));
  add("fields:", r.fields.join("、"));
  add("freshness:", r.freshness ? `${r.freshness.days} days${r.freshness.basis ? ` (${r.freshness.basis})` : ""}` : undefined);
  add("severity:", r.severity);
  add("checkable:", r.checkable ? "yes" : `no — manual: ${r.manualReason ?? ""}`);
  if (r.disabled) add("disabled:", r.disabled.reason);
  if (r.text) lines.push("", "  原文:", `  ${r.text}`);
  if (r.ocr.length) {
    lines.push("", "  OCR reconstructions:");
    for (const o of r.ocr) lines.push(`  ${o.certain === false ? "?" : "✓"} ${o.raw}  →  ${o.text}`);
  }
  return lines.join("\n") + "\n";
}
