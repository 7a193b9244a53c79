import { Topic } from '../topics';
import { DispositionStateChangedPayload } from './disposition.events';
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
  DispositionStateChanged = 'DispositionStateChanged',
}

type PayloadClass = new () => object;

export interface EventDefinition {
  type: EventType;
  schemaVersion: number;
  topic: Topic;
  payload: PayloadClass;
  /**
   * The record key, which picks the partition: what must stay in order is what shares a key
   * (one plate's seal events, one seal's hits, one camera's reads, one alert's interceptions).
   */
  partitionKey: (payload: never) => string;
}

/** Which event types (and versions) may appear on which topic, with their payload schema. */
export const EVENT_DEFINITIONS: readonly EventDefinition[] = [
  { type: EventType.SeizureRegistered, schemaVersion: 1, topic: Topic.Seizures, payload: SeizureRegisteredPayload, partitionKey: (p: SeizureRegisteredPayload) => p.plate },
  { type: EventType.SeizureReleased, schemaVersion: 1, topic: Topic.Seizures, payload: SeizureReleasedPayload, partitionKey: (p: SeizureReleasedPayload) => p.plate },
  { type: EventType.SeizureRenewed, schemaVersion: 1, topic: Topic.Seizures, payload: SeizureRenewedPayload, partitionKey: (p: SeizureRenewedPayload) => p.plate },
  { type: EventType.VehicleSighted, schemaVersion: 1, topic: Topic.Hits, payload: VehicleSightedPayload, partitionKey: (p: VehicleSightedPayload) => p.seizureId },
  { type: EventType.SightingReported, schemaVersion: 1, topic: Topic.Sightings, payload: SightingReportedPayload, partitionKey: (p: SightingReportedPayload) => p.cameraId },
  { type: EventType.InspectionReported, schemaVersion: 1, topic: Topic.Sightings, payload: InspectionReportedPayload, partitionKey: (p: InspectionReportedPayload) => p.stationId },
  { type: EventType.FeedHealthChanged, schemaVersion: 1, topic: Topic.FeedHealth, payload: FeedHealthChangedPayload, partitionKey: (p: FeedHealthChangedPayload) => `${p.scope}:${p.subjectId}` },
  { type: EventType.InterceptionRequested, schemaVersion: 1, topic: Topic.InterceptRequests, payload: InterceptionRequestedPayload, partitionKey: (p: InterceptionRequestedPayload) => p.alertId },
  { type: EventType.InterceptionOutcome, schemaVersion: 1, topic: Topic.InterceptOutcomes, payload: InterceptionOutcomePayload, partitionKey: (p: InterceptionOutcomePayload) => p.alertId },
  { type: EventType.DispositionStateChanged, schemaVersion: 1, topic: Topic.Dispositions, payload: DispositionStateChangedPayload, partitionKey: (p: DispositionStateChangedPayload) => p.seizureId },
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
  [EventType.DispositionStateChanged]: DispositionStateChangedPayload;
}

export function findEventDefinition(type: string, schemaVersion: number): EventDefinition | undefined {
  return EVENT_DEFINITIONS.find((d) => d.type === type && d.schemaVersion === schemaVersion);
}

export function definitionOf<T extends EventType>(type: T): EventDefinition {
  const latest = EVENT_DEFINITIONS.filter((d) => d.type === type).sort((a, b) => b.schemaVersion - a.schemaVersion)[0];
  if (!latest) throw new Error(`no definition for event type ${type}`);
  return latest;
}

/** The record key of an event of this type: the one place that says what stays in order on each topic. */
export function partitionKeyOf(event: { type: string; payload: unknown }): string {
  return (definitionOf(event.type as EventType).partitionKey as (payload: unknown) => string)(event.payload);
}
