#!/usr/bin/env bash
# One-shot: creates every topic in /opt/seizure-gateway/kafka-topics.txt ("<name> <partitions>"
# per line, generated from libs/contracts/src/topics.ts at image build time). The apps never
# create topics themselves. Safe to run again: existing topics are kept; one with fewer
# partitions than the contract is grown to the contract's count.
set -euo pipefail
BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:9092}"
REPLICATION="${KAFKA_REPLICATION_FACTOR:-1}"
TOPICS_FILE="${TOPICS_FILE:-/opt/seizure-gateway/kafka-topics.txt}"
BIN=/opt/kafka/bin
# A secured cluster (SSL/SASL): mount a client properties file and name it in KAFKA_COMMAND_CONFIG.
EXTRA=()
[[ -n "${KAFKA_COMMAND_CONFIG:-}" ]] && EXTRA=(--command-config "$KAFKA_COMMAND_CONFIG")
topics() { "$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" "${EXTRA[@]}" "$@"; }

for attempt in $(seq 1 30); do
  topics --list >/dev/null 2>&1 && break
  [[ "$attempt" == 30 ]] && { echo "kafka-init: Kafka at $BOOTSTRAP is not answering" >&2; exit 1; }
  sleep 2
done

while read -r name partitions; do
  [[ -z "$name" ]] && continue
  topics --create --if-not-exists --topic "$name" --partitions "$partitions" --replication-factor "$REPLICATION"
  have=$(topics --describe --topic "$name" | sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -n1)
  if [[ -n "$have" && "$have" -lt "$partitions" ]]; then
    echo "kafka-init: $name has $have partitions, growing it to $partitions"
    topics --alter --topic "$name" --partitions "$partitions"
  fi
  echo "kafka-init: $name ready"
done < "$TOPICS_FILE"
echo "kafka-init: all topics ready"
