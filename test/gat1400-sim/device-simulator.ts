/**
 * A lower GA/T 1400 device or checkpoint platform that pushes to a 视图库 (here: to the
 * connector's 视图库 role): digest registration, keepalive, MotorVehicles and Tollgates. Its own
 * code, written from the standard's shapes.
 */
import { send, sendWithDigest, viidTime } from './sim-wire';

export interface DeviceSimOptions {
  /** Base URL of the 视图库 we push to. */
  target: string;
  /** This device's (or lower platform's) 20-digit id. */
  deviceId: string;
  username?: string;
  password: string;
  now?: () => Date;
}

export class GatDeviceSimulator {
  private serial = 0;

  constructor(private readonly o: DeviceSimOptions) {}

  get deviceId(): string {
    return this.o.deviceId;
  }

  private get cred() {
    return { username: this.o.username ?? this.o.deviceId, password: this.o.password };
  }

  private get headers() {
    return { 'user-identify': this.o.deviceId };
  }

  register(password?: string) {
    return sendWithDigest('POST', `${this.o.target}/VIID/System/Register`, { RegisterObject: { DeviceID: this.o.deviceId } }, { ...this.cred, ...(password ? { password } : {}) }, this.headers);
  }

  keepalive() {
    return send('POST', `${this.o.target}/VIID/System/Keepalive`, { KeepaliveObject: { DeviceID: this.o.deviceId } }, this.headers);
  }

  unregister() {
    return sendWithDigest('POST', `${this.o.target}/VIID/System/UnRegister`, { UnRegisterObject: { DeviceID: this.o.deviceId } }, this.cred, this.headers);
  }

  time() {
    return send('GET', `${this.o.target}/VIID/System/Time`, undefined, this.headers);
  }

  /** POST /VIID/MotorVehicles with `records` in the standard's list, or `raw` as the body exactly. */
  pushMotorVehicles(records: Record<string, unknown>[] | { raw: string | Buffer; contentType?: string }) {
    if (Array.isArray(records)) {
      return send('POST', `${this.o.target}/VIID/MotorVehicles`, { MotorVehicleListObject: { MotorVehicleObject: records } }, this.headers);
    }
    return send('POST', `${this.o.target}/VIID/MotorVehicles`, records.raw, { ...this.headers, ...(records.contentType ? { 'content-type': records.contentType } : {}) });
  }

  pushTollgates(tollgates: Record<string, unknown>[]) {
    return send('POST', `${this.o.target}/VIID/Tollgates`, { TollgateListObject: { TollgateObject: tollgates } }, this.headers);
  }

  /** A pass record of `plateNo` at `tollgateId` (MotorVehicleID built as the standard composes it). */
  passRecord(plateNo: string, tollgateId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const at = this.o.now ? this.o.now() : new Date();
    const cameraId = `${tollgateId.slice(0, 10)}119${tollgateId.slice(13)}`;
    const serial = String(++this.serial % 100000).padStart(5, '0');
    const sourceId = `${cameraId}02${viidTime(at)}${serial}`;
    return {
      MotorVehicleID: `${sourceId}02${serial}`,
      InfoKind: 1,
      SourceID: sourceId,
      TollgateID: tollgateId,
      DeviceID: cameraId,
      LaneNo: 1,
      HasPlate: '1',
      PlateColor: '5',
      PlateNo: plateNo,
      PlateReliability: '90',
      PassTime: viidTime(at),
      VehicleColor: '2',
      VehicleClass: 'K33',
      StorageUrl1: `http://device.local/pics/${sourceId}.jpg`,
      ...extra,
    };
  }
}
