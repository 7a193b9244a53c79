import { Topic } from '../topics';
import { VehicleSightedPayload } from './hit.events';
import { SeizureRegisteredPayload, SeizureReleasedPayload } from './seizure.events';

export enum EventType {
  SeizureRegistered = 'SeizureRegistered',
  SeizureReleased = 'SeizureReleased',
  VehicleSighted = 'VehicleSighted',
}

type PayloadClass = new () => object;

export interface EventDefinition {
  type: EventType;
  schemaVersion: number;
  topic: Topic;
  payload: PayloadClass;
}

/** Which event types (and versions) may appear on which topic, with their payload schema. */
export const EVENT_DEFINITIONS: readonly EventDefinition[] = [
  { type: EventType.SeizureRegistered, schemaVersion: 1, topic: Topic.Seizures, payload: SeizureRegisteredPayload },
  { type: EventType.SeizureReleased, schemaVersion: 1, topic: Topic.Seizures, payload: SeizureReleasedPayload },
  { type: EventType.VehicleSighted, schemaVersion: 1, topic: Topic.Hits, payload: VehicleSightedPayload },
];

/** Payload type of each event type, for typed producers and handlers. */
export interface EventPayloads {
  [EventType.SeizureRegistered]: SeizureRegisteredPayload;
  [EventType.SeizureReleased]: SeizureReleasedPayload;
  [EventType.VehicleSighted]: VehicleSightedPayload;
}

export function findEventDefinition(type: string, schemaVersion: number): EventDefinition | undefined {
  return EVENT_DEFINITIONS.find((d) => d.type === type && d.schemaVersion === schemaVersion);
}

export function definitionOf<T extends EventType>(type: T): EventDefinition {
  const latest = EVENT_DEFINITIONS.filter((d) => d.type === type).sort((a, b) => b.schemaVersion - a.schemaVersion)[0];
  if (!latest) throw new Error(`no definition for event type ${type}`);
  return latest;
}
