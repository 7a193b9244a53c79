/**
 * The command-line options that say which world the evaluation draws (plate-generator.ts): shared
 * by eval:matcher and eval:bound, so the same flags give both the same watchlist and reads.
 */
export const WORLD_OPTIONS = {
  watchlist: { type: 'string', default: '1000000' },
  'per-kind': { type: 'string', default: '5000' },
  traffic: { type: 'string', default: '400000' },
  seed: { type: 'string', default: '7' },
} as const;
