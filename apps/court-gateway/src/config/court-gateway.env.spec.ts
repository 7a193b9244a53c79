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

  it('refuses SCHEDULER_CRON that is not a cron expression and SLA_TARGETS that do not parse, naming each', () => {
    const load = () =>
      loadEnv(CourtGatewayEnv, { ...required, SCHEDULER_CRON: 'every 15 s', SLA_TARGETS: '{"livelihood":{"ack":0}}' });
    expect(load).toThrow(/SCHEDULER_CRON="every 15 s": SCHEDULER_CRON must be a cron expression/);
    expect(load).toThrow(/SLA_TARGETS=.*SLA_TARGETS\.livelihood\.ack must be a positive number of minutes/);
    expect(() => loadEnv(CourtGatewayEnv, { ...required, SLA_TARGETS: '{"urgent":{"ack":3}}' })).toThrow(/SLA_TARGETS: unknown priority urgent/);
    expect(() => loadEnv(CourtGatewayEnv, { ...required, SLA_TARGETS: 'ack=3' })).toThrow(/SLA_TARGETS=/);
  });

  it('takes SCHEDULER_CRON off, good SLA_TARGETS and a list of jobs to leave off', () => {
    expect(
      loadEnv(CourtGatewayEnv, { ...required, SCHEDULER_CRON: 'off', SLA_TARGETS: '{"livelihood":{"ack":3,"onScene":20}}', SCHEDULER_JOBS_OFF: 'reports, seal-expiry' }),
    ).toMatchObject({ SCHEDULER_CRON: 'off', SCHEDULER_JOBS_OFF: ['reports', 'seal-expiry'] });
  });

  it('sizes the database pool and its connect timeout from DATABASE_POOL_SIZE and DATABASE_CONNECT_TIMEOUT_MS (10 and 5000 by default), refusing a pool of one', () => {
    expect(loadEnv(CourtGatewayEnv, required)).toMatchObject({ DATABASE_POOL_SIZE: 10, DATABASE_CONNECT_TIMEOUT_MS: 5000 });
    expect(loadEnv(CourtGatewayEnv, { ...required, DATABASE_POOL_SIZE: '30', DATABASE_CONNECT_TIMEOUT_MS: '2000' })).toMatchObject({ DATABASE_POOL_SIZE: 30, DATABASE_CONNECT_TIMEOUT_MS: 2000 });
    const load = () => loadEnv(CourtGatewayEnv, { ...required, DATABASE_POOL_SIZE: '1', DATABASE_CONNECT_TIMEOUT_MS: '10' });
    expect(load).toThrow(/DATABASE_POOL_SIZE="?1"?: DATABASE_POOL_SIZE must not be less than 2/);
    expect(load).toThrow(/DATABASE_CONNECT_TIMEOUT_MS="?10"?: DATABASE_CONNECT_TIMEOUT_MS must not be less than 100/);
  });
});
