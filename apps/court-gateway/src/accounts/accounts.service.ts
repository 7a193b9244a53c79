import { DomainError, ErrorCode } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { Clock, PersonDirectory, Principal, Role, TEAM_BOUND_ROLES, Transactions } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { DeviceRepository } from '../devices/device.repository';
import { CreateUserDto, UpdateUserDto, UserView } from './account.dto';
import { hashPassword, UNUSABLE_HASH, verifyPassword } from './password';
import { User } from './user.entity';
import { UserRepository } from './user.repository';

@Injectable()
export class AccountsService extends PersonDirectory {
  constructor(
    private readonly users: UserRepository,
    private readonly devices: DeviceRepository,
    private readonly tx: Transactions,
    private readonly clock: Clock,
  ) {
    super();
  }

  /** The person for a username and password, or null: one answer for "no such user" and "wrong password". */
  async signIn(username: string, password: string): Promise<{ person: Principal; user: UserView; sessionGeneration: number } | null> {
    const user = await this.users.findByUsername(username.toLowerCase());
    const ok = await verifyPassword(password, user?.passwordHash ?? UNUSABLE_HASH);
    if (!user || !ok || user.disabledAt) return null;
    return { person: principalOf(user), user: view(user), sessionGeneration: user.sessionGeneration };
  }

  /** Ends every session of the account, on every device. */
  async signOut(userId: string): Promise<void> {
    await this.users.bumpSessionGeneration(userId);
  }

  async current(userId: string) {
    const user = await this.users.findById(userId);
    if (!user || user.disabledAt) return null;
    return { name: user.username, roles: user.roles, teamId: user.teamId, officerId: user.officerId, sessionGeneration: user.sessionGeneration };
  }

  async view(userId: string): Promise<UserView | null> {
    const user = await this.users.findById(userId);
    return user ? view(user) : null;
  }

  /** A taken username is a 409, also when another request creates the same username at the same moment. */
  async create(dto: CreateUserDto): Promise<UserView> {
    const username = dto.username.toLowerCase();
    const taken = () => new DomainError(ErrorCode.AccountUsernameTaken, { field: 'username', params: { username } });
    // Refused before the password is hashed; the insert decides for requests that both pass here.
    if (await this.users.usernameTaken(username)) throw taken();
    const teamId = await this.teamOf(dto.officerId ?? null, dto.teamId ?? null, dto.roles);
    const user: User = {
      id: randomUUID(), username, displayName: dto.displayName, passwordHash: await hashPassword(dto.password), roles: dto.roles,
      officerId: dto.officerId ?? null, teamId, createdAt: this.clock.now(), disabledAt: null, sessionGeneration: 0,
    };
    if (!(await this.users.insert(user))) throw taken();
    return view(user);
  }

  async list(): Promise<UserView[]> {
    return (await this.users.all()).map(view);
  }

  /**
   * An admin's change to an account. A new password or disabling it ends every session the
   * account holds (re-enabling it later does not bring them back); linking it to another officer
   * revokes its phones, whose pushes and credential belonged to the officer it was linked to.
   */
  async update(id: string, dto: UpdateUserDto): Promise<UserView> {
    const user = await this.users.findById(id);
    if (!user) throw new DomainError(ErrorCode.AccountNotFound, { params: { id } });
    const relinked = dto.officerId !== undefined && dto.officerId !== user.officerId;
    if (dto.password !== undefined || (dto.disabled === true && !user.disabledAt)) user.sessionGeneration += 1;
    if (dto.displayName !== undefined) user.displayName = dto.displayName;
    if (dto.roles !== undefined) user.roles = dto.roles;
    if (dto.officerId !== undefined) user.officerId = dto.officerId;
    if (dto.teamId !== undefined) user.teamId = dto.teamId;
    user.teamId = await this.teamOf(user.officerId, dto.officerId !== undefined && dto.teamId === undefined ? null : user.teamId, user.roles);
    if (dto.password !== undefined) user.passwordHash = await hashPassword(dto.password);
    if (dto.disabled !== undefined) user.disabledAt = dto.disabled ? (user.disabledAt ?? this.clock.now()) : null;
    return this.tx.run(async () => {
      const saved = await this.users.save(user);
      if (relinked) await this.devices.revokeAllOfUser(user.id, this.clock.now());
      return view(saved);
    });
  }

  /** An officer's team comes from the roster; officers and team leads must have one. */
  private async teamOf(officerId: string | null, teamId: string | null, roles: Role[]): Promise<string | null> {
    if (officerId) {
      const officer = await this.users.officer(officerId);
      if (!officer) throw new DomainError(ErrorCode.AccountOfficerNotOnRoster, { field: 'officerId', params: { officerId } });
      if (teamId && teamId !== officer.teamId) throw new DomainError(ErrorCode.AccountTeamNotOfficers, { field: 'teamId', params: { teamId, badge: officer.badge, officerTeam: officer.teamId } });
      return officer.teamId;
    }
    if (!teamId && roles.some((r) => TEAM_BOUND_ROLES.includes(r))) {
      throw new DomainError(ErrorCode.AccountRolesNeedTeam, { field: 'roles', params: { roles: roles.filter((r) => TEAM_BOUND_ROLES.includes(r)).join(', ') } });
    }
    return teamId;
  }
}

function principalOf(user: User): Principal {
  return { kind: 'user', id: user.id, name: user.username, roles: user.roles, teamId: user.teamId, officerId: user.officerId };
}

function view(user: User): UserView {
  return {
    id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, officerId: user.officerId, teamId: user.teamId,
    createdAt: user.createdAt.toISOString(), disabledAt: user.disabledAt?.toISOString() ?? null,
  };
}
