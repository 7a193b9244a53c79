import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Seizure } from '../seizures/seizure.entity';
import { CustodyState } from './custody';

export enum DebtorResponse {
  PaidInFull = 'paid_in_full',
  Settlement = 'settlement',
  Refused = 'refused',
}

/** Where the place of a seizure came from: given by the officer, the first photo's EXIF GPS, or unknown. */
export type PlaceSource = 'given' | 'photo' | 'none';

/**
 * 扣押: a car impounded on scene for an alert (at most one per alert). Not the seal (查封, the
 * court order in ../seizures): this is what happened on the road and the custody that followed.
 * The yard's name and daily rate are copied at seizure, so a later change of the yard list does
 * not rewrite what was agreed.
 */
@Entity({ name: 'impounds' })
@Check('impounds_place_source_check', `place_source IN ('given', 'photo', 'none')`)
@Check('impounds_keys_count_check', `keys_count >= 0`)
@Check('impounds_odometer_km_check', `odometer_km >= 0`)
@Check('impounds_daily_rate_fen_check', `daily_rate_fen >= 0`)
@Check('impounds_estimated_value_fen_check', `estimated_value_fen > 0`)
@Check('impounds_debtor_response_check', `debtor_response IN ('paid_in_full', 'settlement', 'refused')`)
@Check('impounds_custody_state_check', `custody_state IN ('in_custody', 'released', 'handed_to_auction')`)
@Index('impounds_in_custody', ['seizedAt'], { where: `custody_state = 'in_custody'` })
@Index('impounds_seized_at', ['seizedAt'])
export class Impound {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'alert_id', unique: true })
  alertId: string;

  @Column('uuid', { name: 'seizure_id' })
  @ForeignKey(() => Seizure, { name: 'impounds_seizure_id_fkey' })
  seizureId: string;

  @Column('timestamptz', { name: 'seized_at' })
  seizedAt: Date;

  @Column('text', { name: 'place_name', nullable: true })
  placeName: string | null;

  @Column('double precision', { name: 'place_lat', nullable: true })
  placeLat: number | null;

  @Column('double precision', { name: 'place_lon', nullable: true })
  placeLon: number | null;

  @Column('text', { name: 'place_source' })
  placeSource: PlaceSource;

  @Column('integer', { name: 'keys_count' })
  keysCount: number;

  /** 行驶证 taken with the car. */
  @Column('boolean', { name: 'registration_certificate' })
  registrationCertificate: boolean;

  @Column('text', { name: 'vehicle_condition' })
  vehicleCondition: string;

  @Column('integer', { name: 'odometer_km' })
  odometerKm: number;

  @Column('text', { name: 'driven_by' })
  drivenBy: string;

  @Column('text', { name: 'yard_id' })
  yardId: string;

  @Column('text', { name: 'yard_name' })
  yardName: string;

  @Column('text', { name: 'yard_address', nullable: true })
  yardAddress: string | null;

  @Column('integer', { name: 'daily_rate_fen' })
  dailyRateFen: number;

  /** bigint: pg returns it as a string; the repository turns it into a number (fen stay far below 2^53). */
  @Column('bigint', { name: 'estimated_value_fen', nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  estimatedValueFen: number | null;

  @Column('text', { name: 'debtor_response' })
  debtorResponse: DebtorResponse;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('text', { name: 'recorded_by' })
  recordedBy: string;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt: Date;

  @Column('text', { name: 'custody_state' })
  custodyState: CustodyState;

  @Column('timestamptz', { name: 'custody_ended_at', nullable: true })
  custodyEndedAt: Date | null;

  @Column('text', { name: 'custody_ended_by', nullable: true })
  custodyEndedBy: string | null;

  @Column('text', { name: 'custody_end_note', nullable: true })
  custodyEndNote: string | null;

  /** When the fee warning was first raised (the scheduler's job, once per impound). */
  @Column('timestamptz', { name: 'fee_warned_at', nullable: true })
  feeWarnedAt: Date | null;
}

@Entity({ name: 'impound_photos' })
export class ImpoundPhoto {
  @PrimaryColumn('uuid', { name: 'impound_id' })
  @ForeignKey(() => Impound, { name: 'impound_photos_impound_id_fkey', onDelete: 'CASCADE' })
  impoundId: string;

  /** 1, 2, … in the order uploaded. */
  @PrimaryColumn('integer')
  n: number;

  @Column('text', { name: 'content_type' })
  contentType: string;

  @Column('bytea')
  data: Buffer;
}

@Entity({ name: 'impound_papers' })
export class ImpoundPaper {
  @PrimaryColumn('uuid', { name: 'impound_id' })
  @ForeignKey(() => Impound, { name: 'impound_papers_impound_id_fkey', onDelete: 'CASCADE' })
  impoundId: string;

  @PrimaryColumn('text')
  kind: string;

  @Column('bytea')
  pdf: Buffer;

  @Column('timestamptz', { name: 'generated_at' })
  generatedAt: Date;
}
