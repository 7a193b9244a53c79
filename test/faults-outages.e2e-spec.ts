import { KafkaApiKey } from '../tools/kafka-mock/kafka-mock';
import { faultSystemForFile } from './support/fault-system';

/**
 * Fault injection, what the apps depend on (test/support/fault-system.ts): every broker down, slow
 * and failing broker requests, PostgreSQL unreachable, each while sightings and releases flow.
 * Afterwards every sighted seal has exactly one alert carrying every hit, no released seal has an
 * open alert, and nothing happened twice. A one-line summary per scenario gives the figures.
 */
jest.setTimeout(120_000);

describe('fault tolerance, outages: nothing lost, nothing doubled', () => {
  const sys = faultSystemForFile('faults_outages');

  it('every Kafka broker down for 20 s mid-flow', async () => {
    await sys().runScenario('all brokers down 20 s', async () => {
      await sys().cluster.setAllBrokersDown();
      await new Promise((r) => setTimeout(r, 20_000));
      await sys().cluster.setAllBrokersUp();
    });
  });

  it('request errors and slow responses injected on produce and fetch', async () => {
    await sys().runScenario('produce/fetch errors + 300 ms RTT', async () => {
      for (const broker of [1, 2, 3]) await sys().cluster.setRtt(broker, 300);
      await sys().cluster.pushRequestErrors(KafkaApiKey.Produce, 7, 6); // REQUEST_TIMED_OUT
      await sys().cluster.pushRequestErrors(KafkaApiKey.Fetch, 7, 6);
      await new Promise((r) => setTimeout(r, 5_000));
      for (const broker of [1, 2, 3]) await sys().cluster.setRtt(broker, 0);
    });
  });

  it('PostgreSQL unreachable for 10 s mid-flow; readiness says so meanwhile', async () => {
    const readiness: (number | null)[] = [];
    await sys().runScenario('PostgreSQL cut 10 s', async () => {
      sys().pgProxy.cut();
      await new Promise((r) => setTimeout(r, 3_000));
      readiness.push(await sys().court.status('/health/ready'), await sys().traffic.status('/health'));
      expect(await sys().court.status('/health/live')).toBe(200);
      await new Promise((r) => setTimeout(r, 7_000));
      sys().pgProxy.restore();
    });
    expect(readiness).toEqual([503, 503]);
    expect(await sys().court.status('/health/ready')).toBe(200);
  });
});
