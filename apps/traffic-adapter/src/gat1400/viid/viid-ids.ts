/**
 * The GA/T 1400 ids and the rules we hold them to: one home for each, read by the handlers, the
 * configuration and the OpenAPI document alike. The standard's ids are digits (20 for a device,
 * tollgate or platform, 41 for a SourceID, 48 for a MotorVehicleID, 33 for a subscription,
 * disposition or notification), but platforms in the field send others: what a platform sends us
 * is refused only where we could not store or use it, never for not being the standard's form.
 * Where a platform says a vehicle was seen (a pass record's TollgateID and DeviceID) and the
 * tollgates it pushes are checkpoints and cameras of our registry: CHECKPOINT_ID (@app/contracts).
 */

/**
 * The standard's 20-digit id: what we configure of ourselves and of whom we trust (our own ids, the
 * platform's, the devices that may register with us), so a device registers, and is known by its
 * User-Identify, only under such an id. The tollgates we subscribe to or put a 布控 on are the
 * platform's own ids, as its pass records carry them: CHECKPOINT_ID.
 */
export const GAT1400_ID = /^\d{20}$/;
export const GAT1400_ID_RULE = 'a 20-digit GA/T 1400 id (8-digit area code, 2 industry, 3 type, 1 network, 6 serial)';

/** A pass record's MotorVehicleID: its idempotency key (the inbox's event id, the hit's sightingId). */
export const MOTOR_VEHICLE_ID_MAX_LENGTH = 64;
export const MOTOR_VEHICLE_ID = new RegExp(`^[A-Za-z0-9_-]{1,${MOTOR_VEHICLE_ID_MAX_LENGTH}}$`);
export const MOTOR_VEHICLE_ID_RULE = `1-${MOTOR_VEHICLE_ID_MAX_LENGTH} letters, digits, - or _`;
