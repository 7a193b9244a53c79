import { PlateColor } from '@app/contracts';

/**
 * The code tables that differ between platforms, with the defaults the connector ships.
 * A deployment overrides any of them with GAT1400_CODE_TABLES (JSON, merged over these), after
 * checking the police platform's own documentation: the sources disagree (docs/gat1400.md).
 */
export interface CodeTables {
  /** PlateColor code → plate colour. Default: GA/T 1400 ColorType. */
  plateColor: Record<string, PlateColor>;
  /** VehicleColor code → colour name (ColorType digits; the traffic police's CSYS letters are read too). */
  vehicleColor: Record<string, string>;
  /** VehicleClass code (GA 24.4 vehicle kind, e.g. K33) → vehicle class; matched by longest prefix. */
  vehicleClass: Record<string, string>;
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

/** GA/T 1400 ColorType (one published table; verify against the platform). */
const COLOR_TYPE: Record<string, string> = {
  '1': 'black', '2': 'white', '3': 'grey', '4': 'red', '5': 'blue', '6': 'yellow', '7': 'orange', '8': 'brown', '9': 'green',
  '10': 'purple', '11': 'cyan', '12': 'pink', '13': 'transparent', '99': 'other',
};

/** The traffic police's body colour code (CSYS): letters, so they cannot be confused with ColorType digits. */
const CSYS: Record<string, string> = {
  A: 'white', B: 'grey', C: 'yellow', D: 'pink', E: 'red', F: 'purple', G: 'green', H: 'blue', I: 'brown', J: 'black', Z: 'other',
};

export const DEFAULT_CODE_TABLES: CodeTables = {
  plateColor: { '1': PlateColor.Black, '2': PlateColor.White, '5': PlateColor.Blue, '6': PlateColor.Yellow, '9': PlateColor.Green },
  vehicleColor: { ...COLOR_TYPE, ...CSYS },
  vehicleClass: {
    K1: 'large_bus', K2: 'medium_bus', K3: 'small_car', K4: 'mini_car', K5: 'car', H1: 'heavy_truck', H2: 'medium_truck', H3: 'light_truck',
    H4: 'mini_truck', H5: 'low_speed_truck', Q: 'tractor', Z: 'special', M: 'motorcycle', N: 'tricycle', T: 'farm_vehicle', G: 'trailer', B: 'trailer',
  },
  vehicleBrand: {},
  dispositionCategory: '3',
  targetFeature: '(3={plate})',
  priorityLivelihood: '1',
  priorityNormal: '2',
};

/** Colour words platforms put in front of the plate number (蓝桂P12345). */
export const PLATE_COLOR_PREFIX: Record<string, PlateColor> = {
  蓝: PlateColor.Blue, 黄: PlateColor.Yellow, 白: PlateColor.White, 黑: PlateColor.Black, 绿: PlateColor.Green,
};

/** Merges a deployment's overrides (already parsed JSON) over the defaults; throws naming a bad entry. */
export function codeTablesFrom(overrides: unknown): CodeTables {
  if (overrides === undefined || overrides === null) return DEFAULT_CODE_TABLES;
  if (typeof overrides !== 'object' || Array.isArray(overrides)) throw new Error('GAT1400_CODE_TABLES must be a JSON object');
  const o = overrides as Record<string, unknown>;
  const tables: CodeTables = { ...DEFAULT_CODE_TABLES };
  for (const [key, value] of Object.entries(o)) {
    if (!(key in DEFAULT_CODE_TABLES)) throw new Error(`GAT1400_CODE_TABLES has an unknown table "${key}"; known: ${Object.keys(DEFAULT_CODE_TABLES).join(', ')}`);
    const k = key as keyof CodeTables;
    if (typeof DEFAULT_CODE_TABLES[k] === 'string') {
      if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`GAT1400_CODE_TABLES.${key} must be a string`);
      (tables as unknown as Record<string, unknown>)[k] = String(value);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`GAT1400_CODE_TABLES.${key} must be an object of code → value`);
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [code, mapped] of entries) {
      if (typeof mapped !== 'string') throw new Error(`GAT1400_CODE_TABLES.${key}.${code} must be a string`);
      if (k === 'plateColor' && !Object.values(PlateColor).includes(mapped as PlateColor)) {
        throw new Error(`GAT1400_CODE_TABLES.plateColor.${code} must be one of ${Object.values(PlateColor).join(', ')}`);
      }
    }
    (tables as unknown as Record<string, unknown>)[k] = { ...(DEFAULT_CODE_TABLES[k] as object), ...(value as object) };
  }
  return tables;
}

/** The code a platform expects for `color` in a 布控 (the first code the table maps to it). */
export function plateColorCode(tables: CodeTables, color: PlateColor | null | undefined): string | undefined {
  if (!color) return undefined;
  return Object.entries(tables.plateColor).find(([, c]) => c === color)?.[0];
}

/** The vehicle class of a GA 24.4 code by its longest known prefix (K33 → K3 → small_car). */
export function vehicleClassOf(tables: CodeTables, code: string): string | undefined {
  for (let n = code.length; n > 0; n--) {
    const found = tables.vehicleClass[code.slice(0, n).toUpperCase()];
    if (found) return found;
  }
  return undefined;
}
