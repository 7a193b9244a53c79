import { Topic } from '../topics';
import { VehicleSightedPayload } from './hit.events';
import { FeedHealthChangedPayload, InspectionReportedPayload, SightingReportedPayload } from './intake.events';
import { InterceptionOutcomePayload, InterceptionRequestedPayload } from './intercept.events';
import { SeizureRenewedPayload } from './seizure-lifecycle.events';
import { SeizureRegisteredPayload, SeizureReleasedPayload } from './seizure.events';

export enum EventType {
  SeizureRegistered = 'SeizureRegistered',
  SeizureReleased = 'SeizureReleased',
  SeizureRenewed = 'SeizureRenewed',
  VehicleSighted = 'VehicleSighted',
  SightingReported = 'SightingReported',
  InspectionReported = 'InspectionReported',
  FeedHealthChanged = 'FeedHealthChanged',
  InterceptionRequested = 'InterceptionRequested',
  InterceptionOutcome = 'InterceptionOutcome',
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
  { type: EventType.SeizureRenewed, schemaVersion: 1, topic: Topic.Seizures, payload: SeizureRenewedPayload },
  { type: EventType.VehicleSighted, schemaVersion: 1, topic: Topic.Hits, payload: VehicleSightedPayload },
  { type: EventType.SightingReported, schemaVersion: 1, topic: Topic.Sightings, payload: SightingReportedPayload },
  { type: EventType.InspectionReported, schemaVersion: 1, topic: Topic.Sightings, payload: InspectionReportedPayload },
  { type: EventType.FeedHealthChanged, schemaVersion: 1, topic: Topic.FeedHealth, payload: FeedHealthChangedPayload },
  { type: EventType.InterceptionRequested, schemaVersion: 1, topic: Topic.InterceptRequests, payload: InterceptionRequestedPayload },
  { type: EventType.InterceptionOutcome, schemaVersion: 1, topic: Topic.InterceptOutcomes, payload: InterceptionOutcomePayload },
];

/** Payload type of each event type, for typed producers and handlers. */
export interface EventPayloads {
  [EventType.SeizureRegistered]: SeizureRegisteredPayload;
  [EventType.SeizureReleased]: SeizureReleasedPayload;
  [EventType.SeizureRenewed]: SeizureRenewedPayload;
  [EventType.VehicleSighted]: VehicleSightedPayload;
  [EventType.SightingReported]: SightingReportedPayload;
  [EventType.InspectionReported]: InspectionReportedPayload;
  [EventType.FeedHealthChanged]: FeedHealthChangedPayload;
  [EventType.InterceptionRequested]: InterceptionRequestedPayload;
  [EventType.InterceptionOutcome]: InterceptionOutcomePayload;
}

export function findEventDefinition(type: string, schemaVersion: number): EventDefinition | undefined {
  return EVENT_DEFINITIONS.find((d) => d.type === type && d.schemaVersion === schemaVersion);
}

export function definitionOf<T extends EventType>(type: T): EventDefinition {
  const latest = EVENT_DEFINITIONS.filter((d) => d.type === type).sort((a, b) => b.schemaVersion - a.schemaVersion)[0];
  if (!latest) throw new Error(`no definition for event type ${type}`);
  return latest;
}
