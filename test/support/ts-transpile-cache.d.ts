/** The JavaScript for `source` (the text of `filename`), from the cache or transpiled and cached. */
export function transpileCached(source: string, filename: string): string;
/** Fills the cache with every source file of the apps and libraries (not their specs); returns how many. */
export function warmAppSources(): number;
