import { faultSystemForFile, restartFigures } from './support/fault-system';

/**
 * Fault injection, the apps' processes (test/support/fault-system.ts): an app killed with SIGKILL
 * or stopped with SIGTERM while sightings and releases flow, then started again. Afterwards every
 * sighted seal has exactly one alert carrying every hit, no released seal has an open alert, and
 * nothing happened twice. A one-line summary per scenario gives the figures.
 */
jest.setTimeout(120_000);

describe('fault tolerance, app restarts: nothing lost, nothing doubled', () => {
  const sys = faultSystemForFile('faults_restarts');

  it('kill -9 of traffic-adapter mid-flow, then restart', async () => {
    let figures = '';
    await sys().runScenario('kill -9 traffic-adapter', async () => {
      const t0 = Date.now();
      await sys().traffic.kill();
      await new Promise((r) => setTimeout(r, 1_000));
      await sys().traffic.start();
      figures = restartFigures(sys().traffic, t0);
    });
    console.log(`faults: kill -9 traffic-adapter: ${figures}`);
  });

  it('kill -9 of court-gateway mid-flow, then restart', async () => {
    let figures = '';
    await sys().runScenario('kill -9 court-gateway', async () => {
      const t0 = Date.now();
      await sys().court.kill();
      await new Promise((r) => setTimeout(r, 1_000));
      await sys().court.start();
      figures = restartFigures(sys().court, t0);
    });
    console.log(`faults: kill -9 court-gateway: ${figures}`);
  });

  it('graceful stop (SIGTERM) of court-gateway mid-flow, then restart: it leaves the consumer group on the way out', async () => {
    let graceful = false;
    let stopMs = 0;
    let figures = '';
    let leftGroup = false;
    await sys().runScenario('SIGTERM court-gateway', async () => {
      const t0 = Date.now();
      graceful = await sys().court.stop();
      stopMs = Date.now() - t0;
      // The coordinator answered its LeaveGroup: the restarted instance need not wait out a session.
      leftGroup = sys().court.jsonLines().some((l) => String(l.message) === 'left consumer group court-gateway');
      await sys().court.start();
      figures = restartFigures(sys().court, t0);
    });
    console.log(`faults: SIGTERM court-gateway: shut down in ${stopMs} ms; ${figures}`);
    expect(graceful).toBe(true);
    expect(leftGroup).toBe(true);
  });
});
