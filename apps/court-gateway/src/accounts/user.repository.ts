import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
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
