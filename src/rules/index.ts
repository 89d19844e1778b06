export { loadRulebook, lintRulebook, RulebookError, isRealDate } from "./load.js";
export { identifyUnit, resolveRoles, rulesForUnit, ruleAppliesTo, type UnitIdentity } from "./select.js";
export { defaultRulebookPath, bundledRulesDir, displayPath, packageRoot, docsDir } from "./paths.js";
export { parseYamlSource, readYamlSource, validateWithSchema, closest, type YamlSource } from "./yaml-source.js";
export * from "./types.js";
