import { ConfigError } from '@app/platform';
import * as fs from 'node:fs';

/** A storage yard (停车场) seized cars are kept at, with what it charges per day. */
export interface StorageYard {
  id: string;
  name: string;
  address: string | null;
  /** What a day of custody costs, in fen (1/100 yuan): money is kept in integers. */
  dailyRateFen: number;
}

/** Demo yards for a demo roster only (SEED_DEMO_ROSTER); a real deployment lists its own. */
export const DEMO_YARDS: StorageYard[] = [
  { id: 'fc-jj-yard', name: '防城区交警大队停车场', address: '防城港市防城区防钦路', dailyRateFen: 2000 },
  { id: 'fc-court-yard', name: '防城区人民法院涉案车辆停放场', address: '防城港市防城区江山大道', dailyRateFen: 1500 },
];

const ID = /^[a-z0-9][a-z0-9-]{1,39}$/;

/**
 * The configured yards: IMPOUND_YARDS (JSON) or IMPOUND_YARDS_FILE (a JSON file), checked once at
 * start so a wrong list stops the app with one line naming what is wrong, rather than a seizure
 * record failing on the roadside.
 */
export function loadYards(env: { IMPOUND_YARDS?: string; IMPOUND_YARDS_FILE?: string; SEED_DEMO_ROSTER?: boolean }): StorageYard[] {
  if (env.IMPOUND_YARDS && env.IMPOUND_YARDS_FILE) throw new ConfigError('set IMPOUND_YARDS or IMPOUND_YARDS_FILE, not both');
  let text: string | undefined = env.IMPOUND_YARDS;
  let source = 'IMPOUND_YARDS';
  if (env.IMPOUND_YARDS_FILE) {
    source = `IMPOUND_YARDS_FILE ${env.IMPOUND_YARDS_FILE}`;
    try {
      text = fs.readFileSync(env.IMPOUND_YARDS_FILE, 'utf8');
    } catch (error) {
      throw new ConfigError(`${source}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  if (text === undefined || text.trim() === '') return env.SEED_DEMO_ROSTER ? DEMO_YARDS : [];
  return parseYards(text, source);
}

export function parseYards(text: string, source = 'IMPOUND_YARDS'): StorageYard[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source} is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new ConfigError(`${source} must be a JSON array of { id, name, address?, dailyRateYuan }`);
  const seen = new Set<string>();
  return parsed.map((item: unknown, i): StorageYard => {
    const at = `${source}[${i}]`;
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new ConfigError(`${at} must be an object`);
    const y = item as Record<string, unknown>;
    for (const key of Object.keys(y)) if (!['id', 'name', 'address', 'dailyRateYuan'].includes(key)) throw new ConfigError(`${at}.${key} is not a yard field (id, name, address, dailyRateYuan)`);
    if (typeof y.id !== 'string' || !ID.test(y.id)) throw new ConfigError(`${at}.id must be 2-40 lower-case letters, digits or dashes`);
    if (seen.has(y.id)) throw new ConfigError(`${at}.id ${y.id} is listed twice`);
    seen.add(y.id);
    if (typeof y.name !== 'string' || y.name.trim() === '' || y.name.length > 100) throw new ConfigError(`${at}.name must be a text of 1-100 characters`);
    if (y.address !== undefined && y.address !== null && (typeof y.address !== 'string' || y.address.length > 200)) throw new ConfigError(`${at}.address must be a text of at most 200 characters`);
    const rate = y.dailyRateYuan;
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > 100_000 || Math.round(rate * 100) !== Number((rate * 100).toFixed(6))) {
      throw new ConfigError(`${at}.dailyRateYuan must be a number of yuan from 0 to 100000 with at most two decimals`);
    }
    return { id: y.id, name: y.name.trim(), address: typeof y.address === 'string' ? y.address : null, dailyRateFen: Math.round(rate * 100) };
  });
}
