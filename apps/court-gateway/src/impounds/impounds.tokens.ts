/** The configured storage yards (./yards, checked at start). */
export const STORAGE_YARDS = Symbol('STORAGE_YARDS');
/** The font the papers embed (./papers, checked at start). */
export const PAPERS_FONT = Symbol('PAPERS_FONT');
