import { PlateColor, VehicleColor, VehicleType } from '@app/contracts';
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';

export enum SeizureStatus {
  Active = 'active',
  Released = 'released',
  /** The term ran out without a renewal: the seal lost its priority and left the watchlist. */
  Expired = 'expired',
}

/** A court order sealing a vehicle (查封). */
@Entity({ name: 'seizures' })
@Index('seizures_active_case_plate', ['caseNumber', 'plate'], { unique: true, where: `status = 'active'` })
@Index('seizures_active_expiry', ['expiresAt'], { where: `status = 'active'` })
@Index('seizures_active_id', ['id'], { where: `status = 'active'` })
@Check('seizures_status_check', `status IN ('active', 'released', 'expired')`)
export class Seizure {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'case_number' })
  caseNumber: string;

  /** Normalized plate. */
  @Column('text')
  plate: string;

  @Column('text', { name: 'plate_color', nullable: true })
  plateColor: PlateColor | null;

  @Column('text', { nullable: true })
  vin: string | null;

  /** The registered vehicle: body colour, brand, model, type (VehicleColor, VehicleType values). */
  @Column('text', { name: 'vehicle_color', nullable: true })
  vehicleColor: VehicleColor | null;

  @Column('text', { name: 'vehicle_brand', nullable: true })
  vehicleBrand: string | null;

  @Column('text', { name: 'vehicle_model', nullable: true })
  vehicleModel: string | null;

  @Column('text', { name: 'vehicle_type', nullable: true })
  vehicleType: VehicleType | null;

  @Column('text', { name: 'owner_name', nullable: true })
  ownerName: string | null;

  @Column('text', { nullable: true })
  tribunal: string | null;

  /** 涉民生: livelihood cases get priority handling. */
  @Column('boolean', { default: false })
  livelihood: boolean;

  @Column('timestamptz', { name: 'sealed_at' })
  sealedAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('text')
  status: SeizureStatus;

  @Column('timestamptz', { name: 'released_at', nullable: true })
  releasedAt: Date | null;

  @Column('text', { name: 'release_reason', nullable: true })
  releaseReason: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  /** Last 续封 (renewal); `expiresAt` then holds the renewed term's end. */
  @Column('timestamptz', { name: 'renewed_at', nullable: true })
  renewedAt: Date | null;

  @Column('timestamptz', { name: 'expired_at', nullable: true })
  expiredAt: Date | null;
}

/** The court was warned that this seal's term (ending `expiresAt`) is about to lapse; one per seal and term. */
@Entity({ name: 'seal_expiry_warnings' })
@Unique('seal_expiry_warnings_seizure_id_expires_at_key', ['seizureId', 'expiresAt'])
export class SealExpiryWarning {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'seizure_id' })
  @ForeignKey(() => Seizure, { name: 'seal_expiry_warnings_seizure_id_fkey' })
  seizureId: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  /** The tribunal that registered the seal and is warned. */
  @Column('text', { nullable: true })
  tribunal: string | null;

  @Column('timestamptz', { name: 'warned_at' })
  warnedAt: Date;
}
