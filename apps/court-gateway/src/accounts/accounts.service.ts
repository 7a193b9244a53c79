import { DomainError, ErrorCode } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { Clock, PersonDirectory, Principal, Role, TEAM_BOUND_ROLES } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { CreateUserDto, UpdateUserDto, UserView } from './account.dto';
import { hashPassword, UNUSABLE_HASH, verifyPassword } from './password';
import { User } from './user.entity';
import { UserRepository } from './user.repository';

@Injectable()
export class AccountsService extends PersonDirectory {
  constructor(
    private readonly users: UserRepository,
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

  async create(dto: CreateUserDto): Promise<UserView> {
    const username = dto.username.toLowerCase();
    if (await this.users.usernameTaken(username)) throw new DomainError(ErrorCode.AccountUsernameTaken, { field: 'username', params: { username } });
    const teamId = await this.teamOf(dto.officerId ?? null, dto.teamId ?? null, dto.roles);
    const user = await this.users.save({
      id: randomUUID(), username, displayName: dto.displayName, passwordHash: await hashPassword(dto.password), roles: dto.roles,
      officerId: dto.officerId ?? null, teamId, createdAt: this.clock.now(), disabledAt: null, sessionGeneration: 0,
    });
    return view(user);
  }

  async list(): Promise<UserView[]> {
    return (await this.users.all()).map(view);
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserView> {
    const user = await this.users.findById(id);
    if (!user) throw new DomainError(ErrorCode.AccountNotFound, { params: { id } });
    if (dto.displayName !== undefined) user.displayName = dto.displayName;
    if (dto.roles !== undefined) user.roles = dto.roles;
    if (dto.officerId !== undefined) user.officerId = dto.officerId;
    if (dto.teamId !== undefined) user.teamId = dto.teamId;
    user.teamId = await this.teamOf(user.officerId, dto.officerId !== undefined && dto.teamId === undefined ? null : user.teamId, user.roles);
    if (dto.password !== undefined) user.passwordHash = await hashPassword(dto.password);
    if (dto.disabled !== undefined) user.disabledAt = dto.disabled ? (user.disabledAt ?? this.clock.now()) : null;
    return view(await this.users.save(user));
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
