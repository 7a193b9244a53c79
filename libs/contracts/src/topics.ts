/**
 * Kafka topics of the v1 contract. Outside systems are written against these names:
 * never rename or repurpose a value; add a `.v2` topic beside it instead.
 */
export enum Topic {
  /** Seal registered / renewed / released; keyed by normalized plate so one plate stays ordered. */
  Seizures = 'court.seizures.v1',
  /** Hits from the traffic side; keyed by seizure id so one vehicle's hits stay ordered. */
  Hits = 'traffic.hits.v1',
  /** Interception requests from the court to the traffic police. */
  InterceptRequests = 'court.intercepts.v1',
  /** Interception outcomes reported by the traffic police. */
  InterceptOutcomes = 'traffic.intercepts.v1',
  /** High-volume intake of checkpoint reads and inspection events from traffic systems; keyed by camera or station id. */
  Sightings = 'traffic.sightings.v1',
  /** Feed health of the traffic side (cameras, checkpoint groups, the whole feed going quiet or back). */
  FeedHealth = 'traffic.feed-health.v1',
  /** Where each seal's 布控 on the police GA/T 1400 platform stands; keyed by seizure id. */
  Dispositions = 'traffic.dispositions.v1',
}

/**
 * Partition counts ops (or the dev/test Kafka launcher) create the topics with. The apps never
 * create topics themselves: production clusters usually forbid it.
 */
export const TOPIC_PARTITIONS: Readonly<Record<Topic, number>> = {
  [Topic.Seizures]: 6,
  [Topic.Hits]: 6,
  [Topic.InterceptRequests]: 3,
  [Topic.InterceptOutcomes]: 3,
  [Topic.Sightings]: 12,
  [Topic.FeedHealth]: 1,
  [Topic.Dispositions]: 3,
};

/** Where messages that can never be processed on `topic` are set aside, with the reason in headers. */
export function deadLetterTopic(topic: Topic): string {
  return `${topic}.dlq`;
}

/** Every topic the system uses, dead-letter topics included, with partition counts. */
export function allTopicSpecs(): { name: string; partitions: number }[] {
  return Object.values(Topic).flatMap((topic) => [
    { name: topic, partitions: TOPIC_PARTITIONS[topic] },
    { name: deadLetterTopic(topic), partitions: 1 },
  ]);
}

/** Headers a dead-letter record carries. */
export const DeadLetterHeader = {
  Reason: 'x-dlq-reason',
  SourceTopic: 'x-dlq-source-topic',
  SourcePartition: 'x-dlq-source-partition',
  SourceOffset: 'x-dlq-source-offset',
  FailedAt: 'x-dlq-failed-at',
  Consumer: 'x-dlq-consumer',
} as const;
