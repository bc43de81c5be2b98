export { cacheProvider } from "./provider";
export type { CacheInputs, CacheOutputs } from "./types";
