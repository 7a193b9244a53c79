import { AttributeVerdict, brandKey, compareAttributes, plateColorOfGat1400, VehicleColor, vehicleColorOfCsys, vehicleColorOfGat1400, VehicleType, vehicleTypeOfGa24 } from './vehicle';
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
    ['某个新品牌', '某个新品牌'],
  ])('gives %s the brand key %s', (brand, key) => {
    expect(brandKey(brand)).toBe(key);
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
});
