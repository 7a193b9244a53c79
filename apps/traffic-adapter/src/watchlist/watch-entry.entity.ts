import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export enum WatchStatus {
  Active = 'active',
  Released = 'released',
  /** The term ran out. Unlike a release this is no tombstone: a renewal the adapter learns of late revives it. */
  Expired = 'expired',
}

/** Every transaction that writes the watchlist takes this lock first (the version trigger takes it too). */
export const WATCHLIST_WRITE_LOCK = 'traffic.watchlist.writes';

/**
 * One seal as the traffic side knows it. A released seal stays as a tombstone so that a
 * late or replayed registration of the same seal cannot put the car back on the watchlist.
 */
@Entity({ name: 'watchlist' })
@Index('watchlist_active_plate', ['plate'], { where: `status = 'active'` })
@Index('watchlist_version', ['version'], { unique: true })
@Check('watchlist_status_check', `status IN ('active', 'released', 'expired')`)
export class WatchEntry {
  @PrimaryColumn('uuid', { name: 'seizure_id' })
  seizureId: string;

  @Column('text')
  plate: string;

  @Column('text', { name: 'plate_color', nullable: true })
  plateColor: string | null;

  /** Body colour, brand, model and type from the registration (VehicleColor, VehicleType values); null when unknown. */
  @Column('text', { name: 'vehicle_color', nullable: true })
  vehicleColor: string | null;

  @Column('text', { name: 'vehicle_brand', nullable: true })
  vehicleBrand: string | null;

  @Column('text', { name: 'vehicle_model', nullable: true })
  vehicleModel: string | null;

  @Column('text', { name: 'vehicle_type', nullable: true })
  vehicleType: string | null;

  @Column('text', { name: 'case_number', nullable: true })
  caseNumber: string | null;

  @Column('boolean', { default: false })
  livelihood: boolean;

  @Column('timestamptz', { name: 'sealed_at', nullable: true })
  sealedAt: Date | null;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @Column('text')
  status: WatchStatus;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  /** Set from a sequence by a trigger on every insert and update: instances pull changes by it. */
  @Column({ type: 'bigint', insert: false, update: false })
  version: string;
}
