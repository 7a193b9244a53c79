import { Transform } from 'class-transformer';
import { IsEnum, IsOptional } from 'class-validator';
import { IsDisplayText } from '../text/is-display-text.decorator';
import { PlateColor } from './plate';
import { VEHICLE_TEXT_MAX, VehicleColor, VehicleType } from './vehicle';

function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => decorators.forEach((d) => d(target, property));
}

const list = (values: object) => Object.values(values).join(', ');

/** Optional plate colour (号牌颜色). */
export function IsOptionalPlateColor(): PropertyDecorator {
  return compose(IsOptional(), IsEnum(PlateColor, { message: ({ property }) => `${property} must be one of ${list(PlateColor)}` }));
}

/** Optional body colour (车身颜色). */
export function IsOptionalVehicleColor(): PropertyDecorator {
  return compose(IsOptional(), IsEnum(VehicleColor, { message: ({ property }) => `${property} must be one of ${list(VehicleColor)}` }));
}

/** Optional vehicle type (车辆类型). */
export function IsOptionalVehicleType(): PropertyDecorator {
  return compose(IsOptional(), IsEnum(VehicleType, { message: ({ property }) => `${property} must be one of ${list(VehicleType)}` }));
}

/** Optional brand or model text (车辆品牌 / 型号): trimmed, and display text as every name is (at most 50 characters). */
export function IsOptionalVehicleText(): PropertyDecorator {
  return compose(
    Transform(({ value }) => (typeof value === 'string' ? value.normalize('NFKC').trim() : value)),
    IsOptional(),
    IsDisplayText({ max: VEHICLE_TEXT_MAX }),
  );
}
