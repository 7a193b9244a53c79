/**
 * A GA/T 1400 platform (the police 视图库) for tests and for trying the connector by hand
 * (`npm run gat1400:sim`). Written from the standard's shapes (GA/T 1400.4 REST, RFC 2617
 * digest), with its own code: it shares nothing with the connector under test.
 *
 * It registers clients with a digest challenge (nonces expire), lets registrations lapse
 * without keepalives, keeps dispositions and subscriptions, raises alarms and pushes
 * notifications (in either list form), and injects faults: 500s, slow answers, a restart that
 * forgets every registration, a clock that is off.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { md5, parseParams, requestDigest, send, status, VIID_JSON, viidTime } from './sim-wire';

export interface PlatformSimOptions {
  port?: number;
  host?: string;
  /** The platform's 20-digit id (VIIDServerID, User-Identify of its notifications). */
  platformId?: string;
  realm?: string;
  /** Digest user name → password of the clients allowed to register. */
  users: Record<string, string>;
  nonceTtlMs?: number;
  /** A registration without keepalive for this long has lapsed. */
  lapseMs?: number;
  /** The platform's clock (tests pass the system's manual clock). */
  now?: () => Date;
  /** How an unregistered client's request is answered: HTTP 401, or HTTP 200 with StatusCode 4 (both occur). */
  unregisteredAnswer?: 'http401' | 'status4';
  /** Answer StatusCode as a string ("0"), as some platforms do. */
  statusCodeAsString?: boolean;
  log?: (line: string) => void;
}

export interface SimRegistration {
  deviceId: string;
  username: string;
  registeredAt: Date;
  lastKeepaliveAt: Date;
  keepalives: number;
}

export interface SimDisposition {
  id: string;
  object: Record<string, any>;
  plate: string | null;
  state: 'active' | 'revoked' | 'deleted';
  owner: string;
  createdAt: Date;
  updates: number;
  revokedAt?: Date;
  revokeReason?: string;
}

export interface SimSubscription {
  id: string;
  object: Record<string, any>;
  state: 'active' | 'cancelled';
  owner: string;
  createdAt: Date;
  updates: number;
}

export interface SimPass {
  plateNo: string;
  plateColor?: string;
  tollgateId?: string;
  deviceId?: string;
  passTime?: Date;
  /** Extra MotorVehicleObject fields. */
  extra?: Record<string, unknown>;
}

interface Fault {
  method?: string;
  path: RegExp;
  remaining: number;
  kind: 'status' | 'delay' | 'drop';
  httpStatus?: number;
  delayMs?: number;
}

const PLATE_IN_TEXT = /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{4,5}[A-Z0-9挂学警领港澳使]?/;

export class GatPlatformSimulator {
  readonly platformId: string;
  readonly realm: string;
  readonly registrations = new Map<string, SimRegistration>();
  readonly dispositions = new Map<string, SimDisposition>();
  readonly subscriptions = new Map<string, SimSubscription>();
  /** Every request received: method, path, User-Identify, answered HTTP status. */
  readonly requests: { method: string; path: string; userIdentify?: string; status: number; at: Date }[] = [];
  /** Every notification pushed to a client, with the client's answer. */
  readonly sent: { kind: 'alarm' | 'notification'; url: string; status: number; answer: any; body: any }[] = [];
  /** Added to the platform's clock in /VIID/System/Time answers. */
  clockSkewMs = 0;
  private readonly nonces = new Map<string, number>();
  private readonly faults: Fault[] = [];
  private readonly dispositionRejections: { code: number; text: string }[] = [];
  private serial = 0;
  private server!: http.Server;
  url = '';

  private constructor(private readonly o: PlatformSimOptions) {
    this.platformId = o.platformId ?? '45060000005030000001';
    this.realm = o.realm ?? 'viid-sim';
  }

  static async start(options: PlatformSimOptions): Promise<GatPlatformSimulator> {
    const sim = new GatPlatformSimulator(options);
    sim.server = http.createServer((req, res) => void sim.handle(req, res).catch((e: Error) => {
      sim.log(`handler error: ${e.message}`);
      if (!res.headersSent) res.writeHead(500).end();
    }));
    await new Promise<void>((resolve) => sim.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
    sim.url = `http://${options.host ?? '127.0.0.1'}:${(sim.server.address() as AddressInfo).port}`;
    return sim;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  now(): Date {
    return this.o.now ? this.o.now() : new Date();
  }

  // ── faults ──

  /** The next `times` requests matching `path` (and `method`) are answered with HTTP `httpStatus`. */
  failNext(path: RegExp, times = 1, httpStatus = 500, method?: string): void {
    this.faults.push({ path, remaining: times, kind: 'status', httpStatus, method });
  }

  /** The next `times` requests matching `path` are answered only after `delayMs`. */
  slowNext(path: RegExp, delayMs: number, times = 1, method?: string): void {
    this.faults.push({ path, remaining: times, kind: 'delay', delayMs, method });
  }

  /** Ends every injected fault. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** The next `times` dispositions sent are refused with StatusCode `code` and `text`. */
  rejectNextDispositions(times: number, code = 8, text = '布控目标特征无效'): void {
    this.dispositionRejections.push(...Array.from({ length: times }, () => ({ code, text })));
  }

  /** The platform loses a disposition (a bad restore, an operator deleting it by hand). */
  forgetDisposition(id: string): void {
    this.dispositions.delete(id);
  }

  /** A platform restart: every registration (and nonce) is forgotten; dispositions and subscriptions are kept on disk. */
  restart(): void {
    this.registrations.clear();
    this.nonces.clear();
    this.log('restarted: registrations forgotten');
  }

  // ── the platform's own actions ──

  /** A car passes a tollgate: alarms for every active disposition of its plate, notifications for every subscription covering the tollgate. */
  async pass(pass: SimPass, options: { listForm?: 'MotorVehicleObjectList' | 'MotorVehicleListObject' } = {}): Promise<{ alarms: number; notifications: number; record: Record<string, unknown> }> {
    const record = this.passRecord(pass);
    let alarms = 0;
    let notifications = 0;
    for (const d of this.dispositions.values()) {
      if (d.state !== 'active' || d.plate !== pass.plateNo) continue;
      await this.raiseAlarm(d.id, record);
      alarms++;
    }
    for (const s of this.subscriptions.values()) {
      if (s.state !== 'active' || !this.covers(s, record)) continue;
      await this.notify(s.id, [record], options.listForm);
      notifications++;
    }
    return { alarms, notifications, record };
  }

  /** A pass record as a platform writes it (MotorVehicleID = SourceID + "02" + serial). */
  passRecord(pass: SimPass): Record<string, unknown> {
    const at = pass.passTime ?? this.now();
    const tollgateId = pass.tollgateId ?? '45060300001210000001';
    const deviceId = pass.deviceId ?? `${tollgateId.slice(0, 10)}119${tollgateId.slice(13)}`;
    const serial = String(++this.serial % 100000).padStart(5, '0');
    const sourceId = `${deviceId}02${viidTime(at)}${serial}`;
    return {
      MotorVehicleID: `${sourceId}02${serial}`,
      InfoKind: 1,
      SourceID: sourceId,
      TollgateID: tollgateId,
      DeviceID: deviceId,
      LaneNo: 2,
      Direction: '1',
      HasPlate: '1',
      PlateClass: '02',
      PlateColor: pass.plateColor ?? '5',
      PlateNo: pass.plateNo,
      PlateReliability: '92',
      PassTime: viidTime(at),
      Speed: 48,
      VehicleClass: 'K33',
      VehicleColor: '2',
      StorageUrl1: `http://sim.viid.local/pics/${sourceId}.jpg`,
      ...pass.extra,
    };
  }

  /** Posts an alarm of disposition `id` to its ReceiveAddr. */
  async raiseAlarm(id: string, record: Record<string, unknown>): Promise<{ status: number; answer: any }> {
    const d = this.dispositions.get(id);
    if (!d) throw new Error(`no disposition ${id}`);
    const body = {
      DispositionNotificationListObject: {
        DispositionNotificationObject: [
          {
            NotificationID: this.newId('04'),
            DispositionID: id,
            Title: d.object.Title ?? '布控告警',
            TriggerTime: viidTime(this.now()),
            CntObjectID: record.MotorVehicleID,
            MotorVehicleObject: record,
          },
        ],
      },
    };
    return this.push('alarm', String(d.object.ReceiveAddr), body);
  }

  /** Posts `records` to subscription `id`'s ReceiveAddr, in the list form a platform uses. */
  async notify(id: string, records: Record<string, unknown>[], listForm: 'MotorVehicleObjectList' | 'MotorVehicleListObject' = 'MotorVehicleObjectList'): Promise<{ status: number; answer: any }> {
    const s = this.subscriptions.get(id);
    if (!s) throw new Error(`no subscription ${id}`);
    const body = {
      SubscribeNotificationListObject: {
        SubscribeNotificationObject: [
          {
            NotificationID: this.newId('05'),
            SubscribeID: id,
            Title: s.object.Title ?? '过车订阅',
            TriggerTime: viidTime(this.now()),
            InfoIDs: records.map((r) => r.MotorVehicleID).join(','),
            [listForm]: { MotorVehicleObject: records },
          },
        ],
      },
    };
    return this.push('notification', String(s.object.ReceiveAddr), body);
  }

  activeDispositionFor(plate: string): SimDisposition | undefined {
    return [...this.dispositions.values()].find((d) => d.plate === plate && d.state === 'active');
  }

  // ── HTTP ──

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const userIdentify = header(req, 'user-identify');
    const body = await readJson(req);
    const answer = (httpStatus: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method, path, userIdentify, status: httpStatus, at: this.now() });
      res.writeHead(httpStatus, { 'content-type': VIID_JSON, ...headers });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    const one = (code: number, text: string, id = '') =>
      ({ ResponseStatusObject: this.status(path, code, text, id) });

    const fault = this.takeFault(method, path);
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.kind === 'status') return answer(fault.httpStatus!, { error: 'injected fault' });

    if (path === '/VIID/System/Time' && method === 'GET') {
      return answer(200, { SystemTimeObject: { VIIDServerID: this.platformId, TimeMode: '1', LocalTime: viidTime(new Date(this.now().getTime() + this.clockSkewMs)), TimeZone: 'Asia/Shanghai' } });
    }
    if (path === '/VIID/System/Register' && method === 'POST') {
      const deviceId = String(body?.RegisterObject?.DeviceID ?? '');
      const auth = this.checkDigest(req, method);
      if (!auth.ok) return answer(401, one(4, auth.reason), { 'www-authenticate': this.challenge(auth.stale) });
      if (!/^\d{20}$/.test(deviceId)) return answer(200, one(8, 'RegisterObject.DeviceID must be 20 digits'));
      const at = this.now();
      this.registrations.set(deviceId, { deviceId, username: auth.username, registeredAt: at, lastKeepaliveAt: at, keepalives: 0 });
      this.log(`registered ${deviceId}`);
      return answer(200, one(0, '正常', deviceId));
    }
    if (path === '/VIID/System/UnRegister' && method === 'POST') {
      const deviceId = String(body?.UnRegisterObject?.DeviceID ?? '');
      const auth = this.checkDigest(req, method);
      if (!auth.ok) return answer(401, one(4, auth.reason), { 'www-authenticate': this.challenge(auth.stale) });
      this.registrations.delete(deviceId);
      this.log(`unregistered ${deviceId}`);
      return answer(200, one(0, '正常', deviceId));
    }

    // Everything else needs a live registration of the caller.
    const registration = userIdentify ? this.registrations.get(userIdentify) : undefined;
    if (!registration || this.now().getTime() - registration.lastKeepaliveAt.getTime() > (this.o.lapseMs ?? 180_000)) {
      if (registration) this.registrations.delete(registration.deviceId);
      return this.o.unregisteredAnswer === 'status4'
        ? answer(200, one(4, '设备未注册'))
        : answer(401, one(4, '设备未注册'), { 'www-authenticate': this.challenge(false) });
    }

    if (path === '/VIID/System/Keepalive' && method === 'POST') {
      registration.lastKeepaliveAt = this.now();
      registration.keepalives++;
      return answer(200, one(0, '正常', registration.deviceId));
    }
    if (path === '/VIID/Dispositions' && (method === 'POST' || method === 'PUT')) {
      const items = list(body, 'DispositionListObject', 'DispositionObject');
      if (!items) return answer(400, one(8, 'DispositionListObject.DispositionObject is required'));
      return answer(200, this.statusList(path, items.map((d) => this.upsertDisposition(d, registration.deviceId, method === 'PUT'))));
    }
    if (path === '/VIID/Dispositions' && method === 'GET') {
      const mine = [...this.dispositions.values()].filter((d) => d.owner === registration.deviceId && d.state !== 'deleted');
      return answer(200, { DispositionListObject: { DispositionObject: mine.map((d) => ({ ...d.object, DispositionStatus: d.state === 'active' ? '0' : '1' })) } });
    }
    const one_ = /^\/VIID\/Dispositions\/(\w+)$/.exec(path);
    if (one_ && (method === 'PUT' || method === 'DELETE')) {
      const d = this.dispositions.get(one_[1]);
      if (!d || d.owner !== registration.deviceId) return answer(200, one(4, `布控 ${one_[1]} 不存在`, one_[1]));
      if (method === 'DELETE') {
        d.state = 'deleted';
        return answer(200, one(0, '正常', d.id));
      }
      const revoke = (body?.DispositionObject ?? body) as Record<string, any>;
      d.state = 'revoked';
      d.revokedAt = this.now();
      d.revokeReason = String(revoke?.DispositionRemoveReason ?? '');
      Object.assign(d.object, revoke, { OperateType: 1 });
      this.log(`revoked disposition ${d.id}`);
      return answer(200, one(0, '正常', d.id));
    }
    if (path === '/VIID/Subscribes' && (method === 'POST' || method === 'PUT')) {
      const items = list(body, 'SubscribeListObject', 'SubscribeObject');
      if (!items) return answer(400, one(8, 'SubscribeListObject.SubscribeObject is required'));
      return answer(200, this.statusList(path, items.map((s) => this.upsertSubscription(s, registration.deviceId))));
    }
    if (path === '/VIID/Subscribes' && method === 'DELETE') {
      const ids = (url.searchParams.get('IDList') ?? '').split(',').filter(Boolean);
      return answer(200, this.statusList(path, ids.map((id) => {
        const s = this.subscriptions.get(id);
        if (!s || s.owner !== registration.deviceId) return { code: 4, text: `订阅 ${id} 不存在`, id };
        s.state = 'cancelled';
        return { code: 0, text: '正常', id };
      })));
    }
    return answer(404, one(4, `${method} ${path} is not supported`));
  }

  private upsertDisposition(raw: unknown, owner: string, modify: boolean): { code: number; text: string; id: string } {
    const d = raw as Record<string, any>;
    const id = String(d?.DispositionID ?? '');
    if (!/^\d{33}$/.test(id)) return { code: 8, text: 'DispositionID must be 33 digits', id };
    if (!d.BeginTime || !d.EndTime || !/^\d{14}$/.test(String(d.BeginTime)) || !/^\d{14}$/.test(String(d.EndTime))) return { code: 8, text: 'BeginTime/EndTime must be yyyyMMddHHmmss', id };
    if (!d.ReceiveAddr) return { code: 8, text: 'ReceiveAddr is required', id };
    const plate = PLATE_IN_TEXT.exec(String(d.TargetFeature ?? ''))?.[0] ?? null;
    if (!plate) return { code: 8, text: 'TargetFeature names no plate', id };
    const rejection = this.dispositionRejections.shift();
    if (rejection) return { ...rejection, id };
    const existing = this.dispositions.get(id);
    if (modify) {
      if (!existing || existing.owner !== owner) return { code: 4, text: `布控 ${id} 不存在`, id };
      Object.assign(existing.object, d);
      existing.updates++;
      return { code: 0, text: '正常', id };
    }
    if (existing && existing.state === 'active') {
      // The same 布控 sent again (a retry): the platform keeps one.
      Object.assign(existing.object, d);
      return { code: 0, text: '正常', id };
    }
    this.dispositions.set(id, { id, object: { ...d }, plate, state: 'active', owner, createdAt: this.now(), updates: 0 });
    this.log(`disposition ${id} for ${plate.slice(0, 2)}****`);
    return { code: 0, text: '正常', id };
  }

  private upsertSubscription(raw: unknown, owner: string): { code: number; text: string; id: string } {
    const s = raw as Record<string, any>;
    const id = String(s?.SubscribeID ?? '');
    if (!/^\d{33}$/.test(id)) return { code: 8, text: 'SubscribeID must be 33 digits', id };
    if (String(s.OperateType ?? '0') === '1') {
      const existing = this.subscriptions.get(id);
      if (existing) existing.state = 'cancelled';
      return { code: 0, text: '正常', id };
    }
    if (!String(s.SubscribeDetail ?? '').split(',').map((x) => x.trim()).includes('13')) return { code: 8, text: 'SubscribeDetail must include 13', id };
    if (!s.ReceiveAddr || !s.EndTime) return { code: 8, text: 'ReceiveAddr and EndTime are required', id };
    const existing = this.subscriptions.get(id);
    if (existing) {
      Object.assign(existing.object, s);
      existing.state = 'active';
      existing.updates++;
    } else {
      this.subscriptions.set(id, { id, object: { ...s }, state: 'active', owner, createdAt: this.now(), updates: 0 });
    }
    return { code: 0, text: '正常', id };
  }

  private covers(s: SimSubscription, record: Record<string, unknown>): boolean {
    const end = String(s.object.EndTime ?? '');
    if (end && end < viidTime(this.now())) return false;
    if (String(s.object.ResourceClass ?? '0') === '4') return true;
    const resources = String(s.object.ResourceURI ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    return resources.includes(String(record.TollgateID)) || resources.includes(String(record.DeviceID));
  }

  private async push(kind: 'alarm' | 'notification', url: string, body: unknown): Promise<{ status: number; answer: any }> {
    const result = await send('POST', url, body, { 'user-identify': this.platformId });
    this.sent.push({ kind, url, status: result.status, answer: result.body, body });
    return { status: result.status, answer: result.body };
  }

  // ── digest ──

  private challenge(stale: boolean): string {
    const nonce = randomBytes(12).toString('hex');
    this.nonces.set(nonce, this.now().getTime());
    return `Digest realm="${this.realm}", qop="auth", nonce="${nonce}", opaque="${md5(this.realm).slice(0, 16)}", algorithm=MD5${stale ? ', stale=true' : ''}`;
  }

  private checkDigest(req: http.IncomingMessage, method: string): { ok: true; username: string } | { ok: false; reason: string; stale: boolean } {
    const auth = header(req, 'authorization');
    if (!auth || !/^digest /i.test(auth)) return { ok: false, reason: '需要摘要认证', stale: false };
    const p = parseParams(auth);
    const issued = this.nonces.get(p.nonce);
    if (issued === undefined) return { ok: false, reason: 'unknown nonce', stale: true };
    if (this.now().getTime() - issued > (this.o.nonceTtlMs ?? 60_000)) return { ok: false, reason: 'nonce expired', stale: true };
    const password = this.o.users[p.username];
    if (password === undefined) return { ok: false, reason: 'unknown user', stale: false };
    const expected = requestDigest({ username: p.username, realm: this.realm, password, method, uri: p.uri, nonce: p.nonce, nc: p.nc, cnonce: p.cnonce, qop: p.qop });
    if (expected !== p.response) return { ok: false, reason: 'wrong digest', stale: false };
    return { ok: true, username: p.username };
  }

  // ── helpers ──

  private takeFault(method: string, path: string): Fault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && f.path.test(path) && (!f.method || f.method === method));
    if (fault) fault.remaining--;
    return fault;
  }

  private status(path: string, code: number, text: string, id = '') {
    const s = status(path, code, text, id, this.now());
    return this.o.statusCodeAsString ? { ...s, StatusCode: String(code) } : s;
  }

  private statusList(path: string, items: { code: number; text: string; id: string }[]) {
    return { ResponseStatusListObject: { ResponseStatusObject: items.map((i) => this.status(path, i.code, i.text, i.id)) } };
  }

  private newId(type: string): string {
    const serial = String(++this.serial % 100000).padStart(5, '0');
    return `${this.platformId}${type}${viidTime(this.now()).slice(2, 8)}${serial}`;
  }

  private log(line: string): void {
    this.o.log?.(`[viid-sim] ${line}`);
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function readJson(req: http.IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function list(body: any, listName: string, itemName: string): unknown[] | null {
  const items = body?.[listName]?.[itemName];
  if (Array.isArray(items)) return items;
  return items && typeof items === 'object' ? [items] : null;
}
