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

/** The factor, and whether some attribute contradicts the seal outright. */
export function attributeFactor(sealed: PreparedVehicle | null, seen: PreparedVehicle | null): { factor: number; differ: boolean } {
  if (!sealed || !seen) return NEUTRAL;
  let factor = 1;
  let differ = false;
  for (const attribute of ATTRIBUTES) {
    const [a, b] = [sealed[KEY[attribute]], seen[KEY[attribute]]];
    if (!a || !b) continue;
    const verdict = attributeVerdict(attribute, a, b);
    factor *= ATTRIBUTE_WEIGHTS[attribute][verdict];
    if (verdict === AttributeVerdict.Differ) differ = true;
  }
  return { factor, differ };
}

const NEUTRAL = { factor: 1, differ: false };
const ATTRIBUTES: AttributeName[] = ['plateColor', 'vehicleColor', 'vehicleBrand', 'vehicleType'];
const KEY: Record<AttributeName, keyof PreparedVehicle> = { plateColor: 'plateColor', vehicleColor: 'vehicleColor', vehicleBrand: 'brand', vehicleType: 'vehicleType' };
