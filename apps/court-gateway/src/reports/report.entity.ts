import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A leadership report as generated for one period and team: stored once, served as stored. */
@Entity({ name: 'reports' })
@Check('reports_period_check', `period IN ('day', 'week', 'month')`)
@Index('reports_period_start_team', ['period', 'startDate', 'teamId'], { unique: true })
export class StoredReport {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('text')
  period: string;

  /** YYYY-MM-DD in the court's time zone. */
  @Column('date', { name: 'start_date' })
  startDate: string;

  @Column('text', { name: 'team_id' })
  teamId: string;

  @Column('timestamptz', { name: 'generated_at' })
  generatedAt: Date;

  @Column('jsonb')
  body: Record<string, unknown>;
}
