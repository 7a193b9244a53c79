import { IsOptionalPlateColor, IsOptionalVehicleColor, IsOptionalVehicleText, IsOptionalVehicleType } from '../plates/is-vehicle.decorator';
import { PlateColor } from '../plates/plate';
import { VehicleColor, VehicleType } from '../plates/vehicle';

/**
 * The vehicle behind a plate, as one source describes it: what a camera saw (GA/T 1400 PlateColor,
 * VehicleColor, VehicleBrand, VehicleClass), what an inspection's papers say, or what the
 * registration of a sealed car says. Every shape that carries a description extends this one, so
 * the fields and their rules are written once; the matcher compares two descriptions field by
 * field (`libs/contracts/src/plates/vehicle.ts`). Every field is optional: unknown is neutral.
 */
export class VehicleDescription {
  /** Plate colour (号牌颜色; GA/T 1400 PlateColor, mapped with plateColorOfGat1400). */
  @IsOptionalPlateColor()
  plateColor?: PlateColor;

  /** Body colour (车身颜色; GA/T 1400 VehicleColor, registration CSYS letters). */
  @IsOptionalVehicleColor()
  vehicleColor?: VehicleColor;

  /** Make (车辆品牌), e.g. 大众 or Volkswagen (GA/T 1400 VehicleBrand, mapped to a name). */
  @IsOptionalVehicleText()
  vehicleBrand?: string;

  /** Model (型号), e.g. 朗逸. */
  @IsOptionalVehicleText()
  vehicleModel?: string;

  /** Kind of vehicle (车辆类型; a GA 24.4 code such as K33 mapped with vehicleTypeOfGa24). */
  @IsOptionalVehicleType()
  vehicleType?: VehicleType;
}
