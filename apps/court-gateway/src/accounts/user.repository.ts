import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { COURT_SCHEMA } from '../config/court-gateway.env';
import { Officer } from '../roster/team.entity';
import { User } from './user.entity';

/** The people who sign in (court.users), and the roster officer an account acts as. */
@Injectable()
export class UserRepository {
  constructor(private readonly tx: Transactions) {}

  private get users() {
    return this.tx.manager.getRepository(User);
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id } });
  }

  /** Usernames are stored lower-case. */
  findByUsername(username: string): Promise<User | null> {
    return this.users.findOne({ where: { username } });
  }

  usernameTaken(username: string): Promise<boolean> {
    return this.users.exist({ where: { username } });
  }

  /** By username. */
  all(): Promise<User[]> {
    return this.users.find({ order: { username: 'ASC' } });
  }

  /**
   * Stores a new account; false when its username is taken, also by a request creating the same
   * username at the same moment (the unique index decides, ON CONFLICT waits for the other's commit).
   */
  async insert(user: User): Promise<boolean> {
    const rows: unknown[] = await this.tx.manager.query(
      `INSERT INTO ${COURT_SCHEMA}.users (id, username, display_name, password_hash, roles, officer_id, team_id, created_at, disabled_at, session_generation)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (username) DO NOTHING RETURNING id`,
      [user.id, user.username, user.displayName, user.passwordHash, user.roles, user.officerId, user.teamId, user.createdAt, user.disabledAt, user.sessionGeneration],
    );
    return rows.length > 0;
  }

  /** Writes an existing account's changes. */
  save(user: User): Promise<User> {
    return this.users.save(user);
  }

  /** Every token the account holds stops working: its session generation moves on. */
  async bumpSessionGeneration(id: string): Promise<void> {
    await this.users.increment({ id }, 'sessionGeneration', 1);
  }

  /** The roster officer an account names, for its team. */
  officer(id: string): Promise<Officer | null> {
    return this.tx.manager.getRepository(Officer).findOne({ where: { id } });
  }
}
