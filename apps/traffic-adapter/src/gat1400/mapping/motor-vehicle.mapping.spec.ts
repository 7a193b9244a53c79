import { PlateColor, VehicleColor, VehicleType } from '@app/contracts';
import { codeTablesFrom, DEFAULT_CODE_TABLES, plateColorCode, plateColorOf, vehicleColorOf, vehicleTypeOf } from './code-tables';
import { cameraIdOf, mapMotorVehicle, MappingContext, motorVehicleItems, PassRecord, toIntakeRead } from './motor-vehicle.mapping';

/** A pass record in the shape GA/T 1400.4 gives (field names and code values from the standard's tables). */
function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    MotorVehicleID: '450603000012100000010220260302100000000010200001',
    InfoKind: 1,
    SourceID: '45060300001210000001022026030210000000001',
    TollgateID: '45060300001210000001',
    DeviceID: '45060300001190000001',
    LaneNo: 1,
    Direction: '1',
    HasPlate: '1',
    PlateClass: '02',
    PlateColor: '5',
    PlateNo: '桂P12345',
    PlateReliability: '87',
    PassTime: '20260302100000',
    Speed: 54,
    VehicleClass: 'K33',
    VehicleBrand: '大众',
    VehicleColor: '2',
    StorageUrl1: 'http://10.1.2.3/pic/1.jpg',
    ...overrides,
  };
}

describe('GA/T 1400 pass record mapping', () => {
  const ctx: MappingContext = { offsetMinutes: 480, tables: DEFAULT_CODE_TABLES, inlineImageMaxBytes: 16 };

  it('maps every field the matcher and the desk use', () => {
    const mapped = mapMotorVehicle(record(), ctx);
    expect(mapped).toEqual({
      ok: true,
      record: {
        motorVehicleId: '450603000012100000010220260302100000000010200001',
        plate: '桂P12345',
        plateColor: PlateColor.Blue,
        deviceId: '45060300001190000001',
        tollgateId: '45060300001210000001',
        passTime: new Date('2026-03-02T02:00:00.000Z'),
        confidence: 0.87,
        vehicleColor: VehicleColor.White,
        vehicleBrand: '大众',
        vehicleType: VehicleType.Car,
        imageUrls: ['http://10.1.2.3/pic/1.jpg'],
        image: undefined,
        dropped: [],
      },
    });
  });

  it('takes what platforms send differently: numbers for codes, lower-case keys, 0..1 reliability, the colour in front of the plate', () => {
    const mapped = mapMotorVehicle(record({ PlateColor: 6, PlateNo: '黄桂P·A2345', PlateReliability: 0.9, VehicleColor: 'J', plateno: undefined }), ctx);
    expect(mapped).toMatchObject({ ok: true, record: { plate: '桂PA2345', plateColor: PlateColor.Yellow, confidence: 0.9, vehicleColor: VehicleColor.Black } });
    const lower = mapMotorVehicle({ motorVehicleID: 'abc-1', deviceID: 'D1', passTime: '20260302100000', plateNo: '桂P12345' }, ctx);
    expect(lower).toMatchObject({ ok: true, record: { motorVehicleId: 'abc-1', deviceId: 'D1', plate: '桂P12345' } });
  });

  it('keeps a record without a plate as a read without a plate', () => {
    for (const plateNo of ['无牌', '未识别', '', '车牌']) {
      expect(mapMotorVehicle(record({ PlateNo: plateNo }), ctx)).toMatchObject({ ok: true, record: { plate: null } });
    }
    expect(mapMotorVehicle(record({ HasPlate: '0', PlateNo: '###' }), ctx)).toMatchObject({ ok: true, record: { plate: null } });
    // A readable plate wins over HasPlate 0: a sealed car's read is never thrown away.
    expect(mapMotorVehicle(record({ HasPlate: '0' }), ctx)).toMatchObject({ ok: true, record: { plate: '桂P12345' } });
  });

  it.each([
    [{ MotorVehicleID: undefined }, 'MotorVehicleID is required'],
    // eslint-disable-next-line no-loss-of-precision -- the imprecise JSON number is what is under test
    [{ MotorVehicleID: 450603000012100000010220260302100000000010200001 }, 'MotorVehicleID must be sent as a string: as a JSON number its digits are not exact'],
    [{ MotorVehicleID: '../../etc' }, 'MotorVehicleID must be 1-64 letters, digits, - or _, got "../../etc"'],
    [{ DeviceID: undefined, TollgateID: undefined }, 'DeviceID or TollgateID is required: where the vehicle was seen'],
    [{ PassTime: undefined }, 'PassTime is required (yyyyMMddHHmmss)'],
    [{ PassTime: '2026-03-02T10:00:00+08:00' }, 'PassTime must be yyyyMMddHHmmss (platform local time), got "2026-03-02T10:00:00+08:00"'],
    [{ PassTime: '20261302100000' }, 'PassTime is not a real date and time: "20261302100000"'],
    [{ PlateNo: '桂P123456789A' }, 'PlateNo has 12 characters; no plate reads as more than 10'],
    [{ PlateNo: 12345 }, 'PlateNo must be a string'],
    [{ PlateNo: 'x'.repeat(5000) }, 'PlateNo is 5000 characters long; a plate has 7 or 8'],
    [{ PlateNo: '桂P1\u00002345' }, 'PlateNo contains a NUL character (U+0000), which no text field may hold'],
    [{ VehicleBrand: '大众\ud800' }, 'VehicleBrand contains a lone surrogate (U+D800), which is not text'],
  ])('refuses %p: %s', (overrides, problem) => {
    expect(mapMotorVehicle(record(overrides), ctx)).toMatchObject({ ok: false, problem });
  });

  it('takes where the vehicle was seen under any id a tollgate or camera of the registry may have, not only the standard 20 digits', () => {
    // Ids as platforms outside the standard send them: a tollgate pushed to /VIID/Tollgates under such an id must get its pass records.
    const mapped = mapMotorVehicle(record({ TollgateID: 'FCG.K07:north', DeviceID: 'hik_cam-0007' }), ctx);
    expect(mapped).toMatchObject({ ok: true, record: { tollgateId: 'FCG.K07:north', deviceId: 'hik_cam-0007' } });
    expect(mapMotorVehicle(record({ TollgateID: 'K'.repeat(100) }), ctx)).toMatchObject({ ok: true });
  });

  it.each([
    [{ TollgateID: 'K'.repeat(101) }, `TollgateID must be 1-100 letters, digits or . _ : -, got "${'K'.repeat(100)}"`],
    [{ DeviceID: 'cam/../7' }, 'DeviceID must be 1-100 letters, digits or . _ : -, got "cam/../7"'],
    [{ TollgateID: '卡口7' }, 'TollgateID must be 1-100 letters, digits or . _ : -, got "卡口7"'],
    [{ MotorVehicleID: 'a'.repeat(65) }, `MotorVehicleID must be 1-64 letters, digits, - or _, got "${'a'.repeat(65)}"`],
  ])('refuses a place or record id no checkpoint or read could hold: %p', (overrides, problem) => {
    expect(mapMotorVehicle(record(overrides), ctx)).toMatchObject({ ok: false, problem });
  });

  it('refuses what is not an object', () => {
    expect(mapMotorVehicle('x', ctx)).toEqual({ ok: false, problem: 'each MotorVehicleObject must be a JSON object' });
  });

  it('leaves out optional attributes it cannot read and keeps the record', () => {
    const mapped = mapMotorVehicle(record({ PlateReliability: '300', VehicleColor: '77', VehicleClass: 'Q11', VehicleBrand: '123', StorageUrl1: 'ftp://x/y.jpg' }), ctx);
    expect(mapped).toMatchObject({ ok: true, record: { confidence: undefined, vehicleColor: undefined, vehicleType: VehicleType.Tractor, vehicleBrand: undefined, imageUrls: [] } });
    expect(mapped.ok && mapped.record.dropped).toEqual(['PlateReliability', 'VehicleColor', 'VehicleBrand', 'StorageUrl1']);
  });

  it('reads the names every object inherits as unknown codes, not as table entries', () => {
    const mapped = mapMotorVehicle(record({ VehicleBrand: '__proto__', VehicleColor: 'constructor', VehicleClass: 'toString', PlateColor: 'valueOf' }), ctx);
    expect(mapped).toMatchObject({ ok: true, record: { plate: '桂P12345', plateColor: undefined, vehicleColor: undefined, vehicleType: undefined } });
    const withTables = mapMotorVehicle(record({ VehicleBrand: 'constructor' }), { ...ctx, tables: codeTablesFrom({ vehicleBrand: { '01': '大众' } }) });
    expect(withTables.ok && typeof withTables.record.vehicleBrand).toBe('string');
  });

  it('orders image links vehicle picture first, keeps a small inline image and drops a large one', () => {
    const small = Buffer.from('0123456789').toString('base64');
    const large = Buffer.alloc(64).toString('base64');
    const mapped = mapMotorVehicle(
      record({
        StorageUrl1: 'http://x/scene.jpg',
        SubImageList: { SubImageInfoObject: [
          { ImageID: '2', Type: '02', StoragePath: 'http://x/plate.jpg', Data: large, FileFormat: 'Jpeg' },
          { ImageID: '1', Type: '01', StoragePath: 'http://x/vehicle.jpg', Data: small, FileFormat: 'Jpeg' },
        ] },
      }),
      ctx,
    ) as { ok: true; record: PassRecord };
    expect(mapped.record.imageUrls).toEqual(['http://x/vehicle.jpg', 'http://x/plate.jpg', 'http://x/scene.jpg']);
    expect(mapped.record.image).toEqual({ format: 'jpeg', data: small });
    const onlyLarge = mapMotorVehicle(record({ SubImageList: { SubImageInfoObject: [{ Type: '01', Data: large }] } }), ctx) as { ok: true; record: PassRecord };
    expect(onlyLarge.record.image).toBeUndefined();
    expect(onlyLarge.record.dropped).toContain('SubImageList.Data(too large)');
  });

  it('reads base64 as MIME writes it (line breaks) and drops what is not base64, keeping the record', () => {
    // Buffer's base64 as the independent encoder; MIME (RFC 2045) breaks lines every 76 characters.
    const bytes = Buffer.from('0123456789abc');
    const mime = bytes.toString('base64').replace(/(.{8})/g, '$1\r\n');
    const image = (Data: string) => (mapMotorVehicle(record({ SubImageList: { SubImageInfoObject: [{ Type: '01', FileFormat: 'Jpeg', Data }] } }), ctx) as { ok: true; record: PassRecord }).record;
    expect(image(mime).image).toEqual({ format: 'jpeg', data: bytes.toString('base64') });
    expect(Buffer.from(image(mime).image!.data, 'base64')).toEqual(bytes);
    for (const bad of ['abc', 'ab=c', 'YWJj\u00a0ZA==', 'YW*j', 'YQ===']) {
      const taken = image(bad);
      expect({ bad, image: taken.image, dropped: taken.dropped }).toEqual({ bad, image: undefined, dropped: ['SubImageList.Data'] });
    }
  });

  it('uses the first image shot time when PassTime is missing', () => {
    const mapped = mapMotorVehicle(record({ PassTime: undefined, SubImageList: { SubImageInfoObject: [{ Type: '01', ShotTime: '20260302100001' }] } }), ctx);
    expect(mapped).toMatchObject({ ok: true, record: { passTime: new Date('2026-03-02T02:00:01.000Z') } });
  });

  it('files a record under the camera the registry knows, else its tollgate, else what it carries', () => {
    const ids = { deviceId: 'CAM', tollgateId: 'TG' };
    expect(cameraIdOf(ids, (id) => id === 'CAM')).toBe('CAM');
    expect(cameraIdOf(ids, (id) => id === 'TG')).toBe('TG');
    expect(cameraIdOf(ids, () => false)).toBe('CAM');
    expect(cameraIdOf({ tollgateId: 'TG' }, () => false)).toBe('TG');
  });

  it('turns a record into the read intake takes, MotorVehicleID as its idempotency key', () => {
    const mapped = mapMotorVehicle(record(), ctx) as { ok: true; record: PassRecord & { plate: string } };
    expect(toIntakeRead(mapped.record, 'CAM')).toEqual({
      source: 'checkpoint', plate: '桂P12345', cameraId: 'CAM', observedAt: new Date('2026-03-02T02:00:00.000Z'),
      eventId: '450603000012100000010220260302100000000010200001', confidence: 0.87, imageUrl: 'http://10.1.2.3/pic/1.jpg', image: undefined,
      attributes: { plateColor: PlateColor.Blue, vehicleColor: VehicleColor.White, vehicleBrand: '大众', vehicleType: VehicleType.Car },
    });
  });

  it('finds the records in a notification\'s MotorVehicleObjectList as well', () => {
    expect(motorVehicleItems({ MotorVehicleObjectList: { MotorVehicleObject: [record()] } })).toHaveLength(1);
  });
});

describe('code tables', () => {
  it('reads codes by GA/T 1400 ColorType, CSYS letters and GA 24.4 by default', () => {
    expect(plateColorOf(DEFAULT_CODE_TABLES, '5')).toBe(PlateColor.Blue);
    expect(vehicleColorOf(DEFAULT_CODE_TABLES, '2')).toBe(VehicleColor.White);
    expect(vehicleColorOf(DEFAULT_CODE_TABLES, 'J')).toBe(VehicleColor.Black);
    expect(vehicleTypeOf(DEFAULT_CODE_TABLES, 'K33')).toBe(VehicleType.Car);
    expect(vehicleTypeOf(DEFAULT_CODE_TABLES, 'H11')).toBe(VehicleType.Truck);
    expect(plateColorCode(DEFAULT_CODE_TABLES, PlateColor.Blue)).toBe('5');
  });

  it('reads a platform that sends colours and kinds in words as the HTTP door does', () => {
    expect(plateColorOf(DEFAULT_CODE_TABLES, '蓝')).toBe(PlateColor.Blue);
    expect(vehicleColorOf(DEFAULT_CODE_TABLES, '白色')).toBe(VehicleColor.White);
    expect(vehicleTypeOf(DEFAULT_CODE_TABLES, '小型轿车')).toBe(VehicleType.Car);
    expect(vehicleColorOf(DEFAULT_CODE_TABLES, '金属漆')).toBeUndefined();
  });

  it('merges a deployment\'s overrides over the defaults', () => {
    // The traffic police's HPYS plate colours: 2 is blue there, white in ColorType.
    const tables = codeTablesFrom({ plateColor: { '2': 'blue', '1': 'yellow' }, vehicleClass: { X9: 'special' }, dispositionCategory: 2 });
    expect(plateColorOf(tables, '2')).toBe(PlateColor.Blue);
    expect(plateColorOf(tables, '5')).toBe(PlateColor.Blue);
    expect(vehicleTypeOf(tables, 'X91')).toBe(VehicleType.Special);
    expect(tables.dispositionCategory).toBe('2');
    expect(plateColorCode(tables, PlateColor.Blue)).toBe('2');
  });

  it('refuses unknown tables and values outside the shared vocabularies', () => {
    expect(() => codeTablesFrom({ colours: {} })).toThrow(/unknown table "colours"/);
    expect(() => codeTablesFrom(JSON.parse('{"constructor": {}}'))).toThrow(/unknown table "constructor"/);
    expect(() => codeTablesFrom({ plateColor: { '2': 'mauve' } })).toThrow(/plateColor.2 must be one of/);
    expect(() => codeTablesFrom({ vehicleColor: { '14': 'champagne' } })).toThrow(/vehicleColor.14 must be one of/);
    expect(() => codeTablesFrom([1])).toThrow(/must be a JSON object/);
  });
});
