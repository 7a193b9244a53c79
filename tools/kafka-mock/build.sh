#!/usr/bin/env bash
# Builds tools/kafka-mock/bin/kafka-mock from kafka-mock.c against Debian's
# librdkafka (its mock cluster is our Kafka for tests: no server, no Docker).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
SRC=kafka-mock.c
OUT=bin/kafka-mock

# Up to date: nothing to do (tests call this on every start).
if [[ -x "$OUT" && "$OUT" -nt "$SRC" ]]; then exit 0; fi

if [[ ! -f /usr/include/librdkafka/rdkafka_mock.h ]]; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "kafka-mock: installing librdkafka-dev..." >&2
    apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q librdkafka-dev >&2
  else
    echo "kafka-mock: /usr/include/librdkafka/rdkafka_mock.h not found." >&2
    echo "  Install Debian's librdkafka-dev (sudo apt-get install librdkafka-dev) and retry." >&2
    exit 1
  fi
fi

CC="${CC:-$(command -v cc || command -v gcc || true)}"
if [[ -z "$CC" ]]; then echo "kafka-mock: no C compiler (cc/gcc) found; install build-essential" >&2; exit 1; fi
mkdir -p bin
# Build to a temp name and rename, so a concurrent start never runs a half-written binary.
"$CC" -O2 -Wall -o "$OUT.tmp.$$" "$SRC" -lrdkafka
mv -f "$OUT.tmp.$$" "$OUT"
echo "kafka-mock: built $OUT" >&2
