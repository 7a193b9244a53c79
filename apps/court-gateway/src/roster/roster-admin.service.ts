import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { CreateJurisdictionDto, CreateOfficerDto, CreateOverrideDto, CreateRotationDto, CreateShiftDto, CreateTeamDto, SetTeamBaseDto, SetTravelTimeDto, UpdateOfficerDto } from './roster.dto';
import { DutyOverride, DutyRotation, DutyShift, Jurisdiction, Officer, OverrideKind, Team, TeamKind, TravelTime } from './team.entity';

/** Admin of the organisation: teams, officers, jurisdictions, shifts, rotations, overrides. */
@Injectable()
export class RosterAdminService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  listTeams(): Promise<Team[]> {
    return this.dataSource.getRepository(Team).find({ order: { kind: 'ASC', id: 'ASC' } });
  }

  /** Create is create: an existing id (or name) is a 409, never a rename of that team. */
  async createTeam(dto: CreateTeamDto): Promise<Team> {
    const team: Team = { id: dto.id, name: dto.name, kind: TeamKind.Tribunal, baseLat: null, baseLon: null, baseName: null };
    await this.unique(() => this.dataSource.getRepository(Team).insert(team), `team ${dto.id} or a team named ${dto.name} exists`);
    return team;
  }

  async setBase(teamId: string, dto: SetTeamBaseDto): Promise<Team> {
    const team = await this.team(teamId);
    Object.assign(team, { baseLat: dto.lat, baseLon: dto.lon, baseName: dto.name ?? team.baseName });
    return this.dataSource.getRepository(Team).save(team);
  }

  listOfficers(teamId?: string): Promise<Officer[]> {
    return this.dataSource.getRepository(Officer).find({ where: teamId ? { teamId } : {}, order: { teamId: 'ASC', badge: 'ASC' } });
  }

  async createOfficer(dto: CreateOfficerDto): Promise<Officer> {
    await this.team(dto.teamId);
    return this.unique(
      () => this.dataSource.getRepository(Officer).save({ id: randomUUID(), teamId: dto.teamId, name: dto.name, badge: dto.badge, phone: dto.phone ?? null, roles: dto.roles }),
      `badge ${dto.badge} is taken`,
    );
  }

  async updateOfficer(id: string, dto: UpdateOfficerDto): Promise<Officer> {
    const officer = await this.officer(id);
    if (dto.teamId) await this.team(dto.teamId);
    Object.assign(officer, dto);
    return this.dataSource.getRepository(Officer).save(officer);
  }

  listJurisdictions(): Promise<Jurisdiction[]> {
    return this.dataSource.getRepository(Jurisdiction).find({ order: { teamId: 'ASC', id: 'ASC' } });
  }

  async createJurisdiction(dto: CreateJurisdictionDto): Promise<Jurisdiction> {
    if (!dto.checkpointId === !dto.checkpointPrefix) throw new BadRequestException(['give exactly one of checkpointId and checkpointPrefix']);
    await this.team(dto.teamId);
    return this.unique(
      () => this.dataSource.getRepository(Jurisdiction).save({ teamId: dto.teamId, checkpointId: dto.checkpointId ?? null, checkpointPrefix: dto.checkpointPrefix ?? null }),
      `${dto.checkpointId ?? dto.checkpointPrefix} is already in a jurisdiction`,
    );
  }

  async deleteJurisdiction(id: string): Promise<void> {
    if (!(await this.dataSource.getRepository(Jurisdiction).delete({ id })).affected) throw new NotFoundException(`jurisdiction ${id} not found`);
  }

  async setTravelTime(dto: SetTravelTimeDto): Promise<TravelTime> {
    await this.team(dto.teamId);
    return this.dataSource.getRepository(TravelTime).save(dto);
  }

  listShifts(teamId?: string): Promise<DutyShift[]> {
    return this.dataSource.getRepository(DutyShift).find({ where: teamId ? { teamId } : {}, order: { teamId: 'ASC', startLocal: 'ASC' } });
  }

  async createShift(dto: CreateShiftDto): Promise<DutyShift> {
    const officer = await this.officer(dto.officerId);
    return this.dataSource.getRepository(DutyShift).save({ id: randomUUID(), teamId: officer.teamId, officerId: officer.id, weekdays: dto.weekdays, startLocal: dto.startLocal, endLocal: dto.endLocal, label: dto.label ?? null });
  }

  async deleteShift(id: string): Promise<void> {
    if (!(await this.dataSource.getRepository(DutyShift).delete({ id })).affected) throw new NotFoundException(`shift ${id} not found`);
  }

  listRotations(teamId?: string): Promise<DutyRotation[]> {
    return this.dataSource.getRepository(DutyRotation).find({ where: teamId ? { teamId } : {}, order: { teamId: 'ASC', name: 'ASC' } });
  }

  async createRotation(dto: CreateRotationDto): Promise<DutyRotation> {
    await this.team(dto.teamId);
    for (const id of dto.officerIds) {
      const o = await this.officer(id);
      if (o.teamId !== dto.teamId) throw new BadRequestException([`officerIds: officer ${id} is not in team ${dto.teamId}`]);
    }
    return this.dataSource.getRepository(DutyRotation).save({ id: randomUUID(), ...dto });
  }

  async deleteRotation(id: string): Promise<void> {
    if (!(await this.dataSource.getRepository(DutyRotation).delete({ id })).affected) throw new NotFoundException(`rotation ${id} not found`);
  }

  listOverrides(teamId?: string): Promise<DutyOverride[]> {
    return this.dataSource.getRepository(DutyOverride).find({ where: teamId ? { teamId } : {}, order: { startsAt: 'ASC' } });
  }

  async createOverride(dto: CreateOverrideDto): Promise<DutyOverride> {
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (endsAt <= startsAt) throw new BadRequestException(['endsAt must be after startsAt']);
    if (dto.kind === OverrideKind.Swap && !dto.replacesOfficerId) throw new BadRequestException(['replacesOfficerId is required for a swap']);
    const officer = await this.officer(dto.officerId);
    if (dto.replacesOfficerId) await this.officer(dto.replacesOfficerId);
    return this.dataSource.getRepository(DutyOverride).save({
      id: randomUUID(), teamId: officer.teamId, kind: dto.kind, officerId: officer.id, replacesOfficerId: dto.replacesOfficerId ?? null, startsAt, endsAt, note: dto.note ?? null,
    });
  }

  async deleteOverride(id: string): Promise<void> {
    if (!(await this.dataSource.getRepository(DutyOverride).delete({ id })).affected) throw new NotFoundException(`override ${id} not found`);
  }

  private async team(id: string): Promise<Team> {
    const team = await this.dataSource.getRepository(Team).findOne({ where: { id } });
    if (!team) throw new NotFoundException(`team ${id} not found`);
    return team;
  }

  private async officer(id: string): Promise<Officer> {
    const officer = await this.dataSource.getRepository(Officer).findOne({ where: { id } });
    if (!officer) throw new NotFoundException(`officer ${id} not found`);
    return officer;
  }

  private async unique<T>(write: () => Promise<T>, conflict: string): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof QueryFailedError && (error as unknown as { code?: string }).code === '23505') throw new ConflictException(conflict);
      throw error;
    }
  }
}
