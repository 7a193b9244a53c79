import { Injectable } from '@nestjs/common';

/**
 * Counters of the intake (never plates). Reads that match nothing leave only these numbers behind.
 * `onKafkaRead`, when set, is told of each read taken from Kafka (for the intake benchmark).
 */
@Injectable()
export class IntakeMetrics {
  readsReceived = 0;
  readsMatched = 0;
  hitsPublished = 0;
  hitsFolded = 0;
  duplicates = 0;
  unknownCameraReads = 0;
  onKafkaRead: ((sightingId: string) => void) | null = null;
}
