import { Role } from '@app/platform';
import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { Officer } from '../roster/team.entity';

/** A person who signs in to the desk or the reports: dispatcher, officer, team lead, leadership, admin. */
@Entity({ name: 'users' })
export class User {
  @PrimaryColumn('uuid')
  id: string;

  /** Stored lower-case: sign-in is case-insensitive. */
  @Column('text', { unique: true })
  username: string;

  @Column('text', { name: 'display_name' })
  displayName: string;

  /** scrypt, see password.ts; never leaves the service. */
  @Column('text', { name: 'password_hash' })
  passwordHash: string;

  @Column('text', { array: true })
  roles: Role[];

  /** The roster officer this person is: acting on an alert acts as this officer. */
  @Column('uuid', { name: 'officer_id', nullable: true })
  @ForeignKey(() => Officer, { name: 'users_officer_id_fkey' })
  officerId: string | null;

  /** Officers and team leads see and act on this team's alerts only. */
  @Column('text', { name: 'team_id', nullable: true })
  teamId: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt: Date | null;

  /** Sessions carry the generation they began in; signing out moves it on, ending them all. */
  @Column('integer', { name: 'session_generation', default: 0 })
  sessionGeneration: number;
}
