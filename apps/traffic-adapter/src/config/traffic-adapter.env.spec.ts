import { ConfigError, loadEnv } from '@app/platform';
import { TrafficAdapterEnv } from './traffic-adapter.env';

describe(TrafficAdapterEnv.name, () => {
  const required = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/traffic', KAFKA_BROKERS: '127.0.0.1:9092' };

  it('defaults the watchlist settings: reconcile every 10 minutes with court-gateway on localhost:3000, refresh every 500 ms', () => {
    const sut = loadEnv(TrafficAdapterEnv, required);
    expect(sut).toMatchObject({
      COURT_GATEWAY_URL: 'http://localhost:3000',
      RECONCILE_CRON: '*/10 * * * *',
      WATCHLIST_EXPIRY_CRON: '* * * * *',
      WATCHLIST_REFRESH_MS: 500,
      SIGHTINGS_MAX_BATCH: 1000,
    });
  });

  it('reads numbers from the environment strings and accepts "off" for a schedule', () => {
    const sut = loadEnv(TrafficAdapterEnv, { ...required, WATCHLIST_REFRESH_MS: '250', SIGHTINGS_MAX_BATCH: '50', RECONCILE_CRON: 'off' });
    expect(sut).toMatchObject({ WATCHLIST_REFRESH_MS: 250, SIGHTINGS_MAX_BATCH: 50, RECONCILE_CRON: 'off' });
  });

  it('refuses to start with a bad schedule or court-gateway URL, naming each variable', () => {
    const load = () => loadEnv(TrafficAdapterEnv, { ...required, RECONCILE_CRON: 'every ten minutes', COURT_GATEWAY_URL: 'court-gateway:3000' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/RECONCILE_CRON="every ten minutes": RECONCILE_CRON must be a cron expression/);
    expect(load).toThrow(/COURT_GATEWAY_URL="court-gateway:3000"/);
  });
});
