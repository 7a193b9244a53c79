import { Transform } from 'class-transformer';
import { IsEnum, IsOptional } from 'class-validator';
import { IsDisplayText } from '../text/is-display-text.decorator';
import { PlateColor } from './plate';
import { plateColorFrom, VEHICLE_TEXT_MAX, VehicleColor, vehicleColorFrom, VehicleType, vehicleTypeFrom } from './vehicle';

function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => decorators.forEach((d) => d(target, property));
}

const list = (values: object) => Object.values(values).join(', ');

/** Takes the forms the registration query and police platforms print (see `vehicleColorFrom` …) as the value they name; anything else is left for the check to refuse. */
const readAs = (from: (text: string) => string | null) => Transform(({ value }) => (typeof value === 'string' ? (from(value) ?? value) : value));

/** Optional plate colour (号牌颜色). */
export function IsOptionalPlateColor(): PropertyDecorator {
  return compose(readAs(plateColorFrom), IsOptional(), IsEnum(PlateColor, { message: ({ property }) => `${property} must be one of ${list(PlateColor)} (or the colour in Chinese: 蓝, 黄, 绿, 黄绿, 白, 黑)` }));
}

/** Optional body colour (车身颜色). */
export function IsOptionalVehicleColor(): PropertyDecorator {
  return compose(
    readAs(vehicleColorFrom),
    IsOptional(),
    IsEnum(VehicleColor, { message: ({ property }) => `${property} must be one of ${list(VehicleColor)} (or a GA/T 1400 colour code, a CSYS letter such as A, or the colour in Chinese such as 白色)` }),
  );
}

/** Optional vehicle type (车辆类型). */
export function IsOptionalVehicleType(): PropertyDecorator {
  return compose(
    readAs(vehicleTypeFrom),
    IsOptional(),
    IsEnum(VehicleType, { message: ({ property }) => `${property} must be one of ${list(VehicleType)} (or a GA 24.4 code such as K33, or its name such as 小型轿车)` }),
  );
}

/** Optional brand or model text (车辆品牌 / 型号): trimmed, and display text as every name is (at most 50 characters). */
export function IsOptionalVehicleText(): PropertyDecorator {
  return compose(
    Transform(({ value }) => (typeof value === 'string' ? value.normalize('NFKC').trim() : value)),
    IsOptional(),
    IsDisplayText({ max: VEHICLE_TEXT_MAX }),
  );
}
