import * as contracts from '@app/contracts';
import { AttributeName, AttributeVerdict, VehicleAttributes } from '@app/contracts';

const { attributeVerdict, brandKey } = contracts;

/**
 * How much what the camera saw of the vehicle weighs on a possible hit: agreeing attributes make
 * a misread likelier, contradicting ones make another car likelier. A car's colour or make
 * agrees with a random other car's often (white is a third of the traffic) and cameras get
 * colour and make wrong now and then, so one contradiction lowers a possible hit without
 * sinking it; two sink it. Unknown is neutral (factor 1).
 */
export const ATTRIBUTE_WEIGHTS: Record<AttributeName, Record<AttributeVerdict, number>> = {
  plateColor: { agree: 1.1, near: 0.8, differ: 0.3 },
  vehicleColor: { agree: 1.5, near: 0.95, differ: 0.35 },
  vehicleBrand: { agree: 2.5, near: 1, differ: 0.3 },
  vehicleType: { agree: 1.15, near: 0.95, differ: 0.45 },
};

/** Most a possible hit's text score can be multiplied by attributes (every one agreeing). */
export const MAX_ATTRIBUTE_FACTOR = Object.values(ATTRIBUTE_WEIGHTS).reduce((f, w) => f * w.agree, 1);

/** Most the attributes a read reports can multiply a text score by (only those it reports can agree). */
export function maxAttributeFactor(seen: PreparedVehicle | null): number {
  if (!seen) return 1;
  let factor = 1;
  for (const attribute of ATTRIBUTES) if (seen[KEY[attribute]]) factor *= ATTRIBUTE_WEIGHTS[attribute].agree;
  return factor;
}

/** A vehicle description prepared once for many comparisons: brand as its canonical key. */
export interface PreparedVehicle {
  plateColor: string | null;
  vehicleColor: string | null;
  vehicleType: string | null;
  brand: string | null;
}

export function prepareVehicle(v: VehicleAttributes | undefined): PreparedVehicle | null {
  if (!v) return null;
  const known = (x: string | null | undefined) => (x && x !== 'other' ? x : null);
  const prepared = { plateColor: v.plateColor ?? null, vehicleColor: known(v.vehicleColor), vehicleType: known(v.vehicleType), brand: brandKey(v.vehicleBrand) };
  return prepared.plateColor || prepared.vehicleColor || prepared.vehicleType || prepared.brand ? prepared : null;
}

const ATTRIBUTES: AttributeName[] = ['plateColor', 'vehicleColor', 'vehicleBrand', 'vehicleType'];
const KEY: Record<AttributeName, keyof PreparedVehicle> = { plateColor: 'plateColor', vehicleColor: 'vehicleColor', vehicleBrand: 'brand', vehicleType: 'vehicleType' };

/**
 * The weights as tables over value codes (index + 1 in `values`, 0 unknown), for the index's hot
 * path: `table[sealed * (values.length + 1) + seen]` is the factor, 1 when either is unknown or
 * `other`. The verdicts are `attributeVerdict`'s, the same as `compareAttributes` reports.
 */
export function factorTable(attribute: AttributeName, values: readonly string[]): Float64Array {
  const n = values.length + 1;
  const table = new Float64Array(n * n).fill(1);
  for (let a = 1; a < n; a++) {
    for (let b = 1; b < n; b++) {
      const [x, y] = [values[a - 1], values[b - 1]];
      if (x === 'other' || y === 'other') continue;
      table[a * n + b] = ATTRIBUTE_WEIGHTS[attribute][attributeVerdict(attribute, x, y)];
    }
  }
  return table;
}
