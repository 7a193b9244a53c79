import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Officer } from '../roster/team.entity';

/**
 * An officer's latest position while responding to one alert, shared with their consent. Only
 * the latest fix is kept, and it is deleted when the alert closes or they stop sharing.
 */
@Entity({ name: 'officer_positions' })
@Index('officer_positions_officer', ['officerId', 'fixedAt'])
export class OfficerPosition {
  @PrimaryColumn('uuid', { name: 'alert_id', primaryKeyConstraintName: 'officer_positions_pkey' })
  alertId: string;

  @PrimaryColumn('uuid', { name: 'officer_id', primaryKeyConstraintName: 'officer_positions_pkey' })
  @ForeignKey(() => Officer, { name: 'officer_positions_officer_id_fkey' })
  officerId: string;

  @Column('double precision')
  lat: number;

  @Column('double precision')
  lon: number;

  /** Metres, as the phone's geolocation reports it. */
  @Column('double precision', { name: 'accuracy_m' })
  accuracyM: number;

  /** When the phone took the fix. */
  @Column('timestamptz', { name: 'fixed_at' })
  fixedAt: Date;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt: Date;
}
