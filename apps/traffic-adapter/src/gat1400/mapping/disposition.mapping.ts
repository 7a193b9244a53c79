import { PlateColor } from '@app/contracts';
import { Gat1400Env } from '../gat1400.env';
import { formatViidTime } from '../viid/viid-time';
import { CodeTables, plateColorCode } from './code-tables';

/** What a 布控 is made from: one active seal. */
export interface DispositionTarget {
  dispositionId: string;
  plate: string;
  plateColor: PlateColor | null;
  livelihood: boolean;
  beginAt: Date;
  endAt: Date;
}

export interface DispositionContext {
  env: Gat1400Env;
  tables: CodeTables;
  offsetMinutes: number;
  /** Our /VIID/DispositionNotifications as the platform reaches it. */
  receiveAddr: string;
}

/**
 * Seal → DispositionObject: the one place a 布控 is written. Validity is the seal's term from
 * now, priority follows the seal's (green-channel 涉民生 seals highest), the range is the
 * configured area or tollgates, the category and target feature come from the code tables.
 */
export function dispositionObject(t: DispositionTarget, ctx: DispositionContext): Record<string, unknown> {
  const colorCode = plateColorCode(ctx.tables, t.plateColor) ?? '';
  const range = ctx.env.GAT1400_DISPOSITION_RANGE === 'tollgates'
    ? { DispositionRange: '1', TollgateList: ctx.env.GAT1400_DISPOSITION_TOLLGATES.join(',') }
    : { DispositionRange: '2', DispositionArea: ctx.env.GAT1400_DISPOSITION_AREA };
  return {
    DispositionID: t.dispositionId,
    Title: '法院查封车辆布控',
    DispositionCategory: ctx.tables.dispositionCategory,
    TargetFeature: ctx.tables.targetFeature.replaceAll('{plate}', t.plate).replaceAll('{plateColorCode}', colorCode),
    PriorityLevel: t.livelihood ? ctx.tables.priorityLivelihood : ctx.tables.priorityNormal,
    ApplicantName: ctx.env.GAT1400_APPLICANT_NAME,
    ApplicantInfo: ctx.env.GAT1400_APPLICANT_INFO,
    ApplicantOrg: ctx.env.GAT1400_APPLICANT_ORG,
    BeginTime: formatViidTime(t.beginAt, ctx.offsetMinutes),
    EndTime: formatViidTime(t.endAt, ctx.offsetMinutes),
    OperateType: 0,
    DispositionStatus: 0,
    ...range,
    ReceiveAddr: ctx.receiveAddr,
    ReceiveMobile: ctx.env.GAT1400_RECEIVE_MOBILE,
    Reason: '人民法院依法查封车辆，请协助查控',
  };
}

/** The body of PUT /VIID/Dispositions/{id} that withdraws a 布控 (撤控). */
export function revocationObject(dispositionId: string, reason: string, at: Date, ctx: DispositionContext): Record<string, unknown> {
  return {
    DispositionObject: {
      DispositionID: dispositionId,
      OperateType: 1,
      DispositionRemoveOrg: ctx.env.GAT1400_APPLICANT_ORG,
      DispositionRemovePerson: ctx.env.GAT1400_APPLICANT_NAME,
      DispositionRemoveTime: formatViidTime(at, ctx.offsetMinutes),
      DispositionRemoveReason: reason,
    },
  };
}

/**
 * A 33-digit GA/T 1400 object id of ours: our 20-digit id, a 2-digit kind, yyMMdd, a 5-digit
 * serial (from a database sequence, so instances and restarts never repeat one within a day).
 */
export function viidObjectId(ownId: string, kind: '02' | '03', at: Date, serial: number, offsetMinutes: number): string {
  return `${ownId}${kind}${formatViidTime(at, offsetMinutes).slice(2, 8)}${String(serial % 100000).padStart(5, '0')}`;
}
