import { ConfigError, loadEnv } from '@app/platform';
import { CourtGatewayEnv } from './court-gateway.env';

describe(CourtGatewayEnv.name, () => {
  const required = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/court', KAFKA_BROKERS: '127.0.0.1:9092' };

  it('warns 30 days before a seal lapses and runs the expiry job every minute by default', () => {
    expect(loadEnv(CourtGatewayEnv, required)).toMatchObject({ SEAL_EXPIRY_WARNING_DAYS: 30, SEAL_EXPIRY_CRON: '* * * * *' });
  });

  it('reads numbers from the environment strings', () => {
    expect(loadEnv(CourtGatewayEnv, { ...required, SEAL_EXPIRY_WARNING_DAYS: '60', SLA_ACK_MINUTES: '10' })).toMatchObject({ SEAL_EXPIRY_WARNING_DAYS: 60, SLA_ACK_MINUTES: 10 });
  });

  it('refuses a warning window beyond a year and a bad schedule', () => {
    const load = () => loadEnv(CourtGatewayEnv, { ...required, SEAL_EXPIRY_WARNING_DAYS: '400', SEAL_EXPIRY_CRON: '61 * * * *' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/SEAL_EXPIRY_WARNING_DAYS="?400"?: SEAL_EXPIRY_WARNING_DAYS must not be greater than 365/);
    expect(load).toThrow(/SEAL_EXPIRY_CRON="61 \* \* \* \*"/);
  });
});
