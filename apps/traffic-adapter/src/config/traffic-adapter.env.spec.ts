import { ConfigError, loadEnv } from '@app/platform';
import { MAX_TWO_SLIP_CONFUSIONS } from '../matching/neighbourhood';
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

  it('takes the platform\'s tollgate ids to subscribe to or watch as its pass records carry them: 20 digits, or a platform\'s own', () => {
    const platform = { GAT1400_PLATFORM_URL: 'http://viid.example:5080', GAT1400_PLATFORM_ID: '45060300005030000001', GAT1400_DEVICE_ID: '45060300005030000007', GAT1400_USERNAME: 'court', GAT1400_PASSWORD: 'secret-123', GAT1400_RECEIVE_URL: 'http://adapter.example:3001' };
    const ids = '45060300001210000001,FCG.K07:north';
    expect(loadEnv(TrafficAdapterEnv, { ...required, ...platform, GAT1400_MODE: 'subscription', GAT1400_SUBSCRIBE_TOLLGATES: ids }).GAT1400_SUBSCRIBE_TOLLGATES).toEqual(['45060300001210000001', 'FCG.K07:north']);
    expect(loadEnv(TrafficAdapterEnv, { ...required, ...platform, GAT1400_DISPOSITION_RANGE: 'tollgates', GAT1400_DISPOSITION_TOLLGATES: ids }).GAT1400_DISPOSITION_TOLLGATES).toEqual(['45060300001210000001', 'FCG.K07:north']);
    expect(() => loadEnv(TrafficAdapterEnv, { ...required, ...platform, GAT1400_MODE: 'subscription', GAT1400_SUBSCRIBE_TOLLGATES: '45060300001210000001,卡口/7' })).toThrow(/GAT1400_SUBSCRIBE_TOLLGATES must be comma-separated tollgate ids/);
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

  it('leaves the two-slip confusions to the watchlist size unless MATCH_TWO_SLIPS says otherwise, and refuses a count the index cannot try', () => {
    expect(loadEnv(TrafficAdapterEnv, required).MATCH_TWO_SLIPS).toBeUndefined();
    expect(loadEnv(TrafficAdapterEnv, { ...required, MATCH_TWO_SLIPS: '0' }).MATCH_TWO_SLIPS).toBe(0);
    for (const bad of ['-1', String(MAX_TWO_SLIP_CONFUSIONS + 1), '2.5', 'three']) {
      expect(() => loadEnv(TrafficAdapterEnv, { ...required, MATCH_TWO_SLIPS: bad })).toThrow(/MATCH_TWO_SLIPS=.*: MATCH_TWO_SLIPS must/);
    }
  });

  it('reads every on/off variable as written: false, 0 and no turn it off, a word that is neither is refused by name', () => {
    const flags = ['DATABASE_SSL', 'KAFKA_SSL', 'SCHEDULER_ENABLED', 'MATCH_CONFIDENCE_CALIBRATION', 'MATCH_TRAFFIC_WEIGHTING', 'MATCH_SPARE_BUDGET', 'GAT1400_REQUIRE_TLS', 'GAT1400_SERVER_BIND_ADDRESS', 'GAT1400_SUBSCRIBE_CANCEL_ON_SHUTDOWN'] as const;
    for (const flag of flags) {
      for (const off of ['false', 'FALSE', '0', 'no']) expect(loadEnv(TrafficAdapterEnv, { ...required, [flag]: off })[flag]).toBe(false);
      for (const on of ['true', 'True', '1', 'yes']) expect(loadEnv(TrafficAdapterEnv, { ...required, [flag]: on })[flag]).toBe(true);
      expect(() => loadEnv(TrafficAdapterEnv, { ...required, [flag]: 'maybe' })).toThrow(new RegExp(`${flag}="maybe": ${flag} must be a boolean`));
    }
  });

  it("weighs each camera's confidence unless MATCH_CONFIDENCE_CALIBRATION turns it off", () => {
    expect(loadEnv(TrafficAdapterEnv, required).MATCH_CONFIDENCE_CALIBRATION).toBe(true);
  });

  it('lends valid reads the budget reads no plate can be leave unless MATCH_SPARE_BUDGET turns it off', () => {
    expect(loadEnv(TrafficAdapterEnv, required).MATCH_SPARE_BUDGET).toBe(true);
  });

  it('leaves weighing reads by prefix to the watchlist size unless MATCH_TRAFFIC_WEIGHTING says', () => {
    expect(loadEnv(TrafficAdapterEnv, required).MATCH_TRAFFIC_WEIGHTING).toBeUndefined();
  });
});
