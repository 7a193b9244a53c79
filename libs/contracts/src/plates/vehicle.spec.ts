import {
  AttributeVerdict, brandKey, compareAttributes, plateColorFrom, plateColorOfGat1400, VehicleColor, vehicleColorFrom, vehicleColorOfCsys, vehicleColorOfGat1400, VehicleType, vehicleTypeFrom, vehicleTypeOfGa24,
} from './vehicle';
import { PlateColor } from './plate';

describe('vehicle attributes', () => {
  it.each([
    ['大众', 'volkswagen'],
    ['VW', 'volkswagen'],
    [' Volkswagen ', 'volkswagen'],
    ['一汽大众', 'volkswagen'],
    ['大众朗逸', 'volkswagen'],
    ['Toyota Corolla', 'toyota'],
    ['Mercedes-Benz', 'mercedes'],
    ['某个新品牌', '某个新品'],
  ])('gives %s the brand key %s', (brand, key) => {
    expect(brandKey(brand)).toBe(key);
  });

  // Brand names as the world writes them, each beside the short name a camera gives the same car.
  // Registration certificates (行驶证 品牌型号) write "<make>牌<model code>"; platforms and
  // registration queries often name the joint venture first (长安福特, 东风悦达起亚, 一汽-大众);
  // English feeds write the maker's English name. None of these may contradict the camera.
  it.each([
    ['大众汽车牌FV7160FBMBG', '大众'],
    ['一汽-大众牌', 'Volkswagen'],
    ['FAW-Volkswagen', '大众'],
    ['梅赛德斯-奔驰牌BJ7204GEL', '奔驰'],
    ['北京奔驰', 'Mercedes-Benz'],
    ['长安福特牌CAF7150A5', '福特'],
    ['东风悦达起亚', '起亚'],
    ['东风标致牌DC7164', '标致'],
    ['上汽通用别克', 'Buick'],
    ['Shanghai GM Buick', '别克'],
    ['Dongfeng Nissan', '日产'],
    ['东风日产牌DFL7168VAK2', 'Nissan'],
    ['广汽三菱', '三菱'],
    ['Beijing Hyundai', '现代'],
    ['比亚迪牌BYD7005BEV', 'BYD'],
    ['长城哈弗', '哈弗'],
    ['长城牌CC6460', '哈弗'],
    ['魏牌VV7', 'WEY'],
    ['上汽通用五菱牌', '宝骏'],
    ['吉利汽车', '领克'],
    ['江铃汽车', '江铃牌JX6541'],
    ['雷诺汽车', 'Renault'],
  ])('takes %s and %s for the same make', (registered, seen) => {
    expect(compareAttributes({ vehicleBrand: registered }, { vehicleBrand: seen })).toEqual([
      { attribute: 'vehicleBrand', verdict: AttributeVerdict.Agree, sealed: registered, seen },
    ]);
  });

  it.each([
    ['长安福特', '长安'],
    ['东风悦达起亚', '东风'],
    ['丰田', '雷克萨斯'],
    ['SGM7158', 'MG'],
    ['Nissan Kicks', 'Kia'],
  ])('tells %s from %s', (registered, seen) => {
    expect(compareAttributes({ vehicleBrand: registered }, { vehicleBrand: seen })[0].verdict).toBe(AttributeVerdict.Differ);
  });

  it('treats an empty or unknown brand as unknown', () => {
    expect(brandKey('')).toBeNull();
    expect(brandKey('未知')).toBeNull();
    expect(brandKey(null)).toBeNull();
  });

  it('compares only what both sides know, near colours and kinds as near', () => {
    const sealed = { plateColor: PlateColor.Blue, vehicleColor: VehicleColor.White, vehicleBrand: '大众', vehicleType: VehicleType.Car };
    expect(compareAttributes(sealed, { vehicleColor: VehicleColor.Silver, vehicleBrand: 'VW', vehicleType: VehicleType.Suv })).toEqual([
      { attribute: 'vehicleColor', verdict: AttributeVerdict.Near, sealed: 'white', seen: 'silver' },
      { attribute: 'vehicleBrand', verdict: AttributeVerdict.Agree, sealed: '大众', seen: 'VW' },
      { attribute: 'vehicleType', verdict: AttributeVerdict.Near, sealed: 'car', seen: 'suv' },
    ]);
    expect(compareAttributes(sealed, { plateColor: PlateColor.Yellow, vehicleColor: VehicleColor.Red, vehicleType: VehicleType.Truck }).map((c) => c.verdict)).toEqual([
      AttributeVerdict.Differ,
      AttributeVerdict.Differ,
      AttributeVerdict.Differ,
    ]);
    expect(compareAttributes(sealed, { vehicleColor: VehicleColor.Other })).toEqual([]);
    expect(compareAttributes({}, { vehicleColor: VehicleColor.Red })).toEqual([]);
  });

  it('reads only its own codes: the names every object inherits are no colour', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(vehicleColorFrom(name)).toBeNull();
      expect(plateColorFrom(name)).toBeNull();
      expect(vehicleColorOfGat1400(name)).toBeNull();
      expect(vehicleTypeFrom(name)).toBeNull();
    }
  });

  it('maps the police code tables', () => {
    expect(vehicleColorOfGat1400('2')).toBe(VehicleColor.White);
    expect(vehicleColorOfGat1400(1)).toBe(VehicleColor.Black);
    expect(vehicleColorOfGat1400('13')).toBeNull();
    expect(plateColorOfGat1400('5')).toBe(PlateColor.Blue);
    expect(plateColorOfGat1400('3')).toBeNull();
    expect(vehicleColorOfCsys('J')).toBe(VehicleColor.Black);
    expect(vehicleColorOfCsys('AJ')).toBe(VehicleColor.White);
    expect(vehicleTypeOfGa24('K33')).toBe(VehicleType.Car);
    expect(vehicleTypeOfGa24('K32')).toBe(VehicleType.Suv);
    expect(vehicleTypeOfGa24('K39')).toBe(VehicleType.Van);
    expect(vehicleTypeOfGa24('K11')).toBe(VehicleType.Bus);
    expect(vehicleTypeOfGa24('H11')).toBe(VehicleType.Truck);
    expect(vehicleTypeOfGa24('Q11')).toBe(VehicleType.Tractor);
    expect(vehicleTypeOfGa24('M22')).toBe(VehicleType.Motorcycle);
    expect(vehicleTypeOfGa24('bad code')).toBeNull();
  });

  // What a registration query prints (GA 24.8 CSYS letters, GA 24.4 codes and names), what a
  // GA/T 1400 platform sends (ColorType digits), and what a clerk types (白色, 蓝牌): the values as
  // those tables and forms write them.
  it.each([
    ['white', VehicleColor.White], ['2', VehicleColor.White], ['A', VehicleColor.White], ['AJ', VehicleColor.White],
    ['J', VehicleColor.Black], ['H', VehicleColor.Blue], ['白', VehicleColor.White], ['白色', VehicleColor.White], ['深蓝色', VehicleColor.Blue],
    ['银灰色', VehicleColor.Silver], ['其他', VehicleColor.Other], ['99', VehicleColor.Other],
  ])('reads the body colour %s as %s', (input, color) => {
    expect(vehicleColorFrom(input)).toBe(color);
  });

  it.each([['K33', VehicleType.Car], ['K32', VehicleType.Suv], ['K39', VehicleType.Van], ['H11', VehicleType.Truck], ['Q11', VehicleType.Tractor], ['M22', VehicleType.Motorcycle],
    ['小型轿车', VehicleType.Car], ['小型越野客车', VehicleType.Suv], ['小型普通客车', VehicleType.Mpv], ['大型普通客车', VehicleType.Bus], ['重型半挂牵引车', VehicleType.Tractor],
    ['重型普通半挂车', VehicleType.Trailer], ['轻型厢式货车', VehicleType.Truck], ['普通二轮摩托车', VehicleType.Motorcycle], ['三轮汽车', VehicleType.Tricycle],
  ])('reads the vehicle type %s as %s', (input, type) => {
    expect(vehicleTypeFrom(input)).toBe(type);
  });

  it.each([['blue', PlateColor.Blue], ['蓝', PlateColor.Blue], ['蓝牌', PlateColor.Blue], ['黄色', PlateColor.Yellow], ['黄绿色', PlateColor.YellowGreen], ['渐变绿', PlateColor.Green]])(
    'reads the plate colour %s as %s',
    (input, color) => {
      expect(plateColorFrom(input)).toBe(color);
    },
  );

  it('reads nothing into what is none of those forms', () => {
    for (const input of ['', 'White', 'Apple', 'whiteish', '13', 'AAAA', 'a', '金色']) expect(vehicleColorFrom(input)).toBeNull();
    for (const input of ['A12', 'K', 'K333', 'k33', 'SUV', 'sedan car', '汽车']) expect(vehicleTypeFrom(input)).toBeNull();
    // Plate colour codes differ between tables (GA/T 1400 5 is blue, HPYS 2 is): no number is read.
    for (const input of ['2', '5', 'BLUE', '紫', 'bluegreen']) expect(plateColorFrom(input)).toBeNull();
  });
});
