export { loadRegistry, lintRegistry, parseRegistry, RegistryError, registrySchemaPath, splitPath, type RegistryLoadOptions } from "./load.js";
export * from "./types.js";
