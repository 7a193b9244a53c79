import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { Silence } from './alert.entity';

/** Silences the desk put on seals (court.silences). */
@Injectable()
export class SilenceRepository {
  constructor(private readonly tx: Transactions) {}

  /** For each seal, the silence in force at `now` that lasts longest. */
  async inForce(seizureIds: string[], now: Date): Promise<Map<string, Silence>> {
    if (seizureIds.length === 0) return new Map();
    const rows = await this.tx.manager
      .getRepository(Silence)
      .createQueryBuilder('s')
      .distinctOn(['s.seizureId'])
      .where('s.seizureId IN (:...ids) AND s.endsAt > :now AND s.startsAt <= :now', { ids: seizureIds, now })
      .orderBy('s.seizureId')
      .addOrderBy('s.endsAt', 'DESC')
      .getMany();
    return new Map(rows.map((s) => [s.seizureId, s]));
  }

  async insert(silence: Silence): Promise<void> {
    await this.tx.manager.getRepository(Silence).insert(silence);
  }
}
