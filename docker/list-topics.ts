/**
 * Prints every Kafka topic of the v1 contract, dead-letter topics included, as
 * "<name> <partitions>" lines: the Docker build writes them to kafka-topics.txt for the
 * kafka-init image, so the topics compose creates always come from libs/contracts.
 */
import { allTopicSpecs } from '../libs/contracts/src/topics';

for (const { name, partitions } of allTopicSpecs()) console.log(`${name} ${partitions}`);
