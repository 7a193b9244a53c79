import { WatchlistExportItem } from '@app/contracts';
import { WatchStatus } from './watch-entry.entity';

/** A watchlist row as far as reconciliation compares it. */
export interface LocalWatchRow {
  seizureId: string;
  plate: string;
  plateColor: string | null;
  vehicleColor: string | null;
  vehicleBrand: string | null;
  vehicleModel: string | null;
  vehicleType: string | null;
  caseNumber: string | null;
  livelihood: boolean;
  sealedAt: Date | null;
  expiresAt: Date | null;
  status: WatchStatus;
  version: bigint;
}

export interface ReconciliationPlan {
  /** Seals in force at the court that the adapter was not watching. */
  add: WatchlistExportItem[];
  /** Seals the adapter watches with details (plate, expiry, ...) that differ from the court's. */
  change: WatchlistExportItem[];
  /** Seals the adapter watches that are no longer in force at the court. */
  remove: { seizureId: string; plate: string; status: WatchStatus.Released | WatchStatus.Expired }[];
  /** Seals the court still lists that the adapter has seen released: never re-added. */
  tombstonesKept: number;
}

/**
 * Compares the adapter's rows with the court's export of seals in force. Rows changed after
 * `snapshotVersion` (the highest version before the export was read) are left alone: an event
 * applied since is newer than the export. A released row is a tombstone and stays released.
 */
export function planReconciliation(local: LocalWatchRow[], exported: WatchlistExportItem[], snapshotVersion: bigint, now: Date): ReconciliationPlan {
  const plan: ReconciliationPlan = { add: [], change: [], remove: [], tombstonesKept: 0 };
  const localById = new Map(local.map((row) => [row.seizureId, row]));
  const exportedIds = new Set<string>();
  for (const seal of exported) {
    exportedIds.add(seal.seizureId);
    const row = localById.get(seal.seizureId);
    if (!row) plan.add.push(seal);
    else if (row.status === WatchStatus.Released) plan.tombstonesKept++;
    else if (row.version > snapshotVersion) continue;
    else if (row.status === WatchStatus.Expired) plan.add.push(seal);
    else if (differs(row, seal)) plan.change.push(seal);
  }
  for (const row of local) {
    if (row.status !== WatchStatus.Active || exportedIds.has(row.seizureId) || row.version > snapshotVersion) continue;
    const lapsed = row.expiresAt !== null && row.expiresAt <= now;
    plan.remove.push({ seizureId: row.seizureId, plate: row.plate, status: lapsed ? WatchStatus.Expired : WatchStatus.Released });
  }
  return plan;
}

function differs(row: LocalWatchRow, seal: WatchlistExportItem): boolean {
  return (
    row.plate !== seal.plate ||
    (row.plateColor ?? null) !== (seal.plateColor ?? null) ||
    (row.vehicleColor ?? null) !== (seal.vehicleColor ?? null) ||
    (row.vehicleBrand ?? null) !== (seal.vehicleBrand ?? null) ||
    (row.vehicleModel ?? null) !== (seal.vehicleModel ?? null) ||
    (row.vehicleType ?? null) !== (seal.vehicleType ?? null) ||
    row.caseNumber !== seal.caseNumber ||
    row.livelihood !== seal.livelihood ||
    row.sealedAt?.getTime() !== new Date(seal.sealedAt).getTime() ||
    row.expiresAt?.getTime() !== new Date(seal.expiresAt).getTime()
  );
}
