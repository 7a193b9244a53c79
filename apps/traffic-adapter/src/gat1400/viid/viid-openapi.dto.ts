/**
 * The GA/T 1400.4 shapes of the /VIID operations, for the OpenAPI document only: the handlers
 * read the raw bytes themselves (platforms differ in content type, charset, key case and list
 * wrapping: viid-json.ts), so nothing here validates. Field names are the standard's. An id's
 * `pattern` is the rule the handler holds it to, from the same constant (viid-ids.ts, and
 * CHECKPOINT_ID for places); an id no handler checks says so.
 */
import { CHECKPOINT_ID, CHECKPOINT_ID_MAX_LENGTH } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GAT1400_ID, MOTOR_VEHICLE_ID, MOTOR_VEHICLE_ID_MAX_LENGTH } from './viid-ids';

/** A place (tollgate or camera): a checkpoint id of our registry. */
const PLACE_ID = { pattern: CHECKPOINT_ID.source, maxLength: CHECKPOINT_ID_MAX_LENGTH } as const;

export class ViidResponseStatusObject {
  /** The request's path. */
  RequestURL: string;
  /** 0 OK, 1 other error (send again), 2 busy, 4 invalid operation (not registered, not allowed), 7 invalid JSON format, 8 invalid JSON content. */
  @ApiProperty({ enum: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], example: 0 })
  StatusCode: number;
  /** `正常`, or what is wrong, naming the field. */
  StatusString: string;
  /** The object the status is about (MotorVehicleID, TollgateID, NotificationID, DeviceID), or empty. */
  Id: string;
  /** Our local time, yyyyMMddHHmmss in GAT1400_TIMEZONE. */
  @ApiProperty({ example: '20260302100000' })
  LocalTime: string;
}

export class ViidResponseStatusBody {
  ResponseStatusObject: ViidResponseStatusObject;
}

export class ViidResponseStatusList {
  /** One per object sent, in the order sent. */
  ResponseStatusObject: ViidResponseStatusObject[];
}

export class ViidResponseStatusListBody {
  ResponseStatusListObject: ViidResponseStatusList;
}

export class ViidDeviceIdObject {
  /** The 20-digit id the device (or platform) was given: one of GAT1400_SERVER_DEVICES (checked at start to be 20 digits), so no other id registers. */
  @ApiProperty({ pattern: GAT1400_ID.source, example: '45060300005030000007' })
  DeviceID: string;
}

export class ViidRegisterBody {
  RegisterObject: ViidDeviceIdObject;
}

export class ViidKeepaliveBody {
  KeepaliveObject: ViidDeviceIdObject;
}

export class ViidUnRegisterBody {
  UnRegisterObject: ViidDeviceIdObject;
}

export class ViidSystemTimeObject {
  /** Our 视图库's id (GAT1400_SERVER_ID). */
  VIIDServerID: string;
  /** `1`: our own clock. */
  TimeMode: string;
  /** yyyyMMddHHmmss in our time zone. */
  LocalTime: string;
  /** `Asia/Shanghai` for +08:00, else `UTC±hh:mm`. */
  TimeZone: string;
}

export class ViidSystemTimeBody {
  SystemTimeObject: ViidSystemTimeObject;
}

export class ViidSubImageInfoObject {
  /** Not read. */
  ImageID?: string;
  EventSort?: number;
  /** Not read (the record's own DeviceID is where the vehicle was seen). */
  DeviceID?: string;
  /** Where the picture is (http or https); becomes an image link of the read. */
  StoragePath?: string;
  /** 01 vehicle, 02 plate close-up, …; the vehicle picture is linked first. */
  Type?: string;
  /** Jpeg, PNG, BMP, GIF. */
  FileFormat?: string;
  /** yyyyMMddHHmmss; the pass time when PassTime is missing. */
  ShotTime?: string;
  Width?: number;
  Height?: number;
  /** The picture itself, base64: kept with a hit only, up to GAT1400_INLINE_IMAGE_MAX_BYTES; never kept for a read that matches no seal. */
  Data?: string;
}

export class ViidSubImageList {
  SubImageInfoObject: ViidSubImageInfoObject[];
}

/** A pass record (过车记录). Records with a field at fault are answered StatusCode 8 one by one; the others of the batch are taken. */
export class ViidMotorVehicleObject {
  /**
   * The read's idempotency key: a record sent again is answered 0 and never makes a second hit.
   * The standard's is 48 digits (SourceID + 02 + serial); other ids of up to 64 letters, digits, -
   * and _ are taken too, since platforms send them.
   */
  @ApiProperty({ pattern: MOTOR_VEHICLE_ID.source, maxLength: MOTOR_VEHICLE_ID_MAX_LENGTH, example: '450603000050300000070220260302095959000010200001' })
  MotorVehicleID: string;
  /** 1 automatic capture. */
  InfoKind?: number;
  /** 41 digits: device id + 02 + time + serial. Not read. */
  SourceID?: string;
  /**
   * The tollgate (卡口): the checkpoint when the registry does not know the camera. At least one of
   * TollgateID and DeviceID. The standard's are 20 digits (type 121); any id a tollgate may have
   * (POST /VIID/Tollgates) is taken.
   */
  @ApiPropertyOptional({ ...PLACE_ID, example: '45060300001210000001' })
  TollgateID?: string;
  /** The capture device: the camera. The standard's are 20 digits (type 119); any id a camera of the checkpoint registry may have is taken. */
  @ApiPropertyOptional({ ...PLACE_ID, example: '45060300001190000001' })
  DeviceID?: string;
  LaneNo?: number;
  Direction?: string;
  /** 0 when the vehicle carries no plate. */
  HasPlate?: string;
  PlateClass?: string;
  /** Plate colour code (GA/T 1400 ColorType by default; GAT1400_CODE_TABLES.plateColor). */
  PlateColor?: string;
  /** The plate as read (a colour word in front, 蓝桂P12345, is read as the plate colour); empty, 无牌 or 未识别 is a read without a plate. */
  @ApiPropertyOptional({ example: '桂PA2345' })
  PlateNo?: string;
  /** 0-100 (0..1 accepted): the read's confidence. */
  PlateReliability?: string;
  /** yyyyMMddHHmmss in the platform's zone (17 digits with milliseconds and yyyy-MM-dd HH:mm:ss read too); not more than 5 minutes ahead, not older than HIT_RETENTION_DAYS. */
  @ApiProperty({ example: '20260302095959' })
  PassTime: string;
  Speed?: number;
  /** GA 24.4 vehicle kind (K33, H11, …; GAT1400_CODE_TABLES.vehicleClass). */
  VehicleClass?: string;
  /** Brand name, or a code of GAT1400_CODE_TABLES.vehicleBrand. */
  VehicleBrand?: string;
  /** ColorType digit or CSYS letter (GAT1400_CODE_TABLES.vehicleColor). */
  VehicleColor?: string;
  StorageUrl1?: string;
  StorageUrl2?: string;
  StorageUrl3?: string;
  StorageUrl4?: string;
  StorageUrl5?: string;
  SubImageList?: ViidSubImageList;
}

export class ViidMotorVehicleList {
  /** At most GAT1400_MAX_BATCH records. */
  MotorVehicleObject: ViidMotorVehicleObject[];
}

export class ViidMotorVehicleListBody {
  MotorVehicleListObject: ViidMotorVehicleList;
}

export class ViidTollgateObject {
  /**
   * The checkpoint's id. The standard's tollgate ids are 20 digits (type 121) and are expected;
   * other ids are taken too (platforms send them), held to the checkpoint registry's rule.
   */
  @ApiProperty({ ...PLACE_ID, example: '45060300001210000001' })
  TollgateID: string;
  Name?: string;
  Longitude?: number;
  Latitude?: number;
  /** Becomes the checkpoint's group when it has none, if it is a checkpoint id by the same rule as TollgateID; otherwise not used. */
  PlaceCode?: string;
  Status?: string;
  TollgateCat?: string;
  /** 80 public security, 81 traffic, 82 other. */
  TollgateUsage?: string;
  LaneNum?: number;
  OrgCode?: string;
}

export class ViidTollgateList {
  TollgateObject: ViidTollgateObject[];
}

export class ViidTollgateListBody {
  TollgateListObject: ViidTollgateList;
}

export class ViidSubscribeNotificationObject {
  /** The standard's are 33 digits; not checked (a notification is never refused over its id): answered as the Id of its status. */
  NotificationID: string;
  /** One of our subscriptions, whose last notification time it sets; not checked (the records are taken whatever it names). */
  SubscribeID: string;
  Title?: string;
  TriggerTime?: string;
  InfoIDs?: string;
  /** The pass records (MotorVehicleListObject is read too). */
  MotorVehicleObjectList: ViidMotorVehicleList;
}

export class ViidSubscribeNotificationList {
  SubscribeNotificationObject: ViidSubscribeNotificationObject[];
}

export class ViidSubscribeNotificationListBody {
  SubscribeNotificationListObject: ViidSubscribeNotificationList;
}

export class ViidDispositionNotificationObject {
  /** The standard's are 33 digits; not checked (an alarm is never refused over its id): answered as the Id of its status. */
  NotificationID: string;
  /** One of our 布控 (33 digits in the standard); not read: the alarm's record is matched against the watchlist itself. */
  DispositionID: string;
  Title?: string;
  TriggerTime?: string;
  /** The pass record's id; not read (the record's own MotorVehicleID is its key). */
  CntObjectID?: string;
  /** The pass record that raised the alarm. */
  MotorVehicleObject: ViidMotorVehicleObject;
}

export class ViidDispositionNotificationList {
  DispositionNotificationObject: ViidDispositionNotificationObject[];
}

export class ViidDispositionNotificationListBody {
  DispositionNotificationListObject: ViidDispositionNotificationList;
}
