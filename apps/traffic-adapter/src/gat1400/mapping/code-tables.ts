import {
  own, PlateColor, plateColorFrom, plateColorOfGat1400, VEHICLE_TEXT_MAX, VehicleColor, vehicleColorFrom, VehicleType, vehicleTypeFrom, vehicleTypeOfGa24,
} from '@app/contracts';

/**
 * The code tables that differ between platforms. What a code means by default is decided once,
 * in libs/contracts (`plates/vehicle.ts`: GA/T 1400 ColorType, the traffic police's CSYS letters,
 * GA 24.4 vehicle kinds); a deployment overrides single codes with GAT1400_CODE_TABLES (JSON),
 * after checking the police platform's documentation (the sources disagree: docs/gat1400.md).
 */
export interface CodeTables {
  /** PlateColor code → plate colour, over GA/T 1400 ColorType (e.g. the traffic police's HPYS, where 2 is blue). */
  plateColor: Record<string, PlateColor>;
  /** VehicleColor code → body colour, over ColorType digits and CSYS letters. */
  vehicleColor: Record<string, VehicleColor>;
  /** VehicleClass code → vehicle type, over GA 24.4 (K33 saloon, H11 heavy truck, …). */
  vehicleClass: Record<string, VehicleType>;
  /** VehicleBrand code → brand name; brands sent as names pass through. */
  vehicleBrand: Record<string, string>;
  /** DispositionCategory of a motor-vehicle 布控: "3" on one platform family, "2" on another. */
  dispositionCategory: string;
  /** TargetFeature of a 布控, `{plate}` and `{plateColorCode}` filled in. */
  targetFeature: string;
  /** PriorityLevel (1 highest … 3) of a 布控 for a green-channel (涉民生) seal and for the others. */
  priorityLivelihood: string;
  priorityNormal: string;
}

export const DEFAULT_CODE_TABLES: CodeTables = {
  plateColor: {},
  vehicleColor: {},
  vehicleClass: {},
  vehicleBrand: {},
  dispositionCategory: '3',
  targetFeature: '(3={plate})',
  priorityLivelihood: '1',
  priorityNormal: '2',
};

const ALLOWED: Record<'plateColor' | 'vehicleColor' | 'vehicleClass', string[]> = {
  plateColor: Object.values(PlateColor),
  vehicleColor: Object.values(VehicleColor),
  vehicleClass: Object.values(VehicleType),
};

/** Merges a deployment's overrides (already parsed JSON) over the defaults; throws naming a bad entry. */
export function codeTablesFrom(overrides: unknown): CodeTables {
  if (overrides === undefined || overrides === null) return DEFAULT_CODE_TABLES;
  if (typeof overrides !== 'object' || Array.isArray(overrides)) throw new Error('GAT1400_CODE_TABLES must be a JSON object');
  const tables: Record<string, unknown> = { ...DEFAULT_CODE_TABLES };
  for (const [key, value] of Object.entries(overrides as Record<string, unknown>)) {
    if (!Object.hasOwn(DEFAULT_CODE_TABLES, key)) throw new Error(`GAT1400_CODE_TABLES has an unknown table "${key}"; known: ${Object.keys(DEFAULT_CODE_TABLES).join(', ')}`);
    if (typeof DEFAULT_CODE_TABLES[key as keyof CodeTables] === 'string') {
      if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`GAT1400_CODE_TABLES.${key} must be a string`);
      tables[key] = String(value);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`GAT1400_CODE_TABLES.${key} must be an object of code → value`);
    for (const [code, mapped] of Object.entries(value as Record<string, unknown>)) {
      if (typeof mapped !== 'string') throw new Error(`GAT1400_CODE_TABLES.${key}.${code} must be a string`);
      const allowed = ALLOWED[key as keyof typeof ALLOWED];
      if (allowed && !allowed.includes(mapped)) throw new Error(`GAT1400_CODE_TABLES.${key}.${code} must be one of ${allowed.join(', ')}`);
    }
    tables[key] = { ...(value as object) };
  }
  return tables as unknown as CodeTables;
}

// Past the codes, a platform that sends the colour or kind in words (蓝, 白色, 小型轿车) is read as the HTTP door reads them.
export function plateColorOf(tables: CodeTables, code: string): PlateColor | undefined {
  return own(tables.plateColor, code) ?? plateColorOfGat1400(code) ?? plateColorFrom(code) ?? undefined;
}

/** Body colour: a deployment's code, else a ColorType digit, else a CSYS letter, else the colour in words. */
export function vehicleColorOf(tables: CodeTables, code: string): VehicleColor | undefined {
  const override = own(tables.vehicleColor, code) ?? own(tables.vehicleColor, code.toUpperCase());
  if (override) return override;
  // The codes and words are read as both doors read them (vehicleColorFrom); platforms send CSYS letters in either case.
  return vehicleColorFrom(/^[A-Za-z]{1,2}$/.test(code) ? code.toUpperCase() : code) ?? undefined;
}

/** Vehicle type: a deployment's code (longest prefix), else GA 24.4, else its name (小型轿车). */
export function vehicleTypeOf(tables: CodeTables, code: string): VehicleType | undefined {
  const upper = code.toUpperCase();
  for (let n = upper.length; n > 0; n--) {
    const found = own(tables.vehicleClass, upper.slice(0, n));
    if (found) return found;
  }
  return vehicleTypeOfGa24(upper) ?? vehicleTypeFrom(code) ?? undefined;
}

/** Brand: a deployment's code, else the name as sent (bare numeric codes of unknown tables are no brand). */
export function vehicleBrandOf(tables: CodeTables, code: string): string | undefined {
  const mapped = own(tables.vehicleBrand, code);
  if (mapped) return mapped.slice(0, VEHICLE_TEXT_MAX);
  return /^\d+$/.test(code) || code.length > VEHICLE_TEXT_MAX ? undefined : code;
}

/** The code a platform expects for `color` in a 布控: a deployment's code, else the ColorType code. */
export function plateColorCode(tables: CodeTables, color: PlateColor | null | undefined): string | undefined {
  if (!color) return undefined;
  const override = Object.entries(tables.plateColor).find(([, c]) => c === color)?.[0];
  if (override) return override;
  for (let code = 1; code <= 13; code++) if (plateColorOfGat1400(String(code)) === color) return String(code);
  return undefined;
}
