/**
 * Longest test files first, so that no long file starts late and runs on alone while the other
 * worker sits idle at the end of the run.
 *
 * Jest's own order does this from the timings it kept of the last run (in its cache), but a run
 * without a cache (a fresh clone: CI) orders by file size, and size says little here: the fault
 * and browser files are long because they wait on brokers, restarts and a browser, not because
 * they are big. So a file with no timing in the cache gets the rough figure below (seconds, one
 * run on the 2-core box, see docs/testing.md), and any other file 20 s (e2e) or 1 s (unit). Files
 * that failed last time still go first, as jest does it.
 */
const Sequencer = require('@jest/test-sequencer').default;
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const EXPECTED_SECONDS = {
  'test/hostile-input.property.e2e-spec.ts': 75,
  'test/faults-outages.e2e-spec.ts': 65,
  'test/faults-restarts.e2e-spec.ts': 50,
  'test/hostile-input.e2e-spec.ts': 45,
  'test/phone-push.e2e-spec.ts': 40,
  'test/desk.e2e-spec.ts': 35,
  'test/gat1400-platform.e2e-spec.ts': 30,
  'test/oncall.e2e-spec.ts': 30,
  'test/consumer-group.e2e-spec.ts': 25,
  'test/faults-delivery.e2e-spec.ts': 25,
  'test/openapi.e2e-spec.ts': 20,
};

class LongestFirst extends Sequencer {
  sort(tests) {
    const seconds = (test) => {
      const cached = this.time(test);
      if (cached != null) return cached / 1000;
      const file = path.relative(ROOT, test.path).split(path.sep).join('/');
      return EXPECTED_SECONDS[file] ?? (file.endsWith('.e2e-spec.ts') ? 20 : 1);
    };
    const order = new Map(tests.map((test) => [test, [this.hasFailed(test) ? 1 : 0, seconds(test)]]));
    return [...tests].sort((a, b) => {
      const [failedA, secondsA] = order.get(a);
      const [failedB, secondsB] = order.get(b);
      return failedB - failedA || secondsB - secondsA;
    });
  }
}

module.exports = LongestFirst;
