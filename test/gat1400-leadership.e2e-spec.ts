import { DatabaseConnections, DatabaseSettings } from '@app/platform';
import { ClientLeadership } from '../apps/traffic-adapter/src/gat1400/client/client-leadership';
import { ClientLockRepository } from '../apps/traffic-adapter/src/gat1400/client/client-lock.repository';
import { eventually } from './support/eventually';
import { TestDatabase } from './support/test-database';

/**
 * One GA/T 1400 client per deployment, over the real PostgreSQL: two instances' leaderships on
 * one database, each with its own lock connection, as two traffic-adapter processes have.
 */
describe('GA/T 1400 client leadership (one instance speaks to the police 视图库)', () => {
  let db: TestDatabase;
  let connections: DatabaseConnections;
  const started: ClientLeadership[] = [];
  const instance = () => {
    const leadership = new ClientLeadership(new ClientLockRepository(connections));
    started.push(leadership);
    return leadership;
  };
  /** Backends of this database holding an advisory lock: the leader's lock connection. */
  const lockHolders = () =>
    db.query<{ pid: number }>(
      `SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
        WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()`,
    );

  beforeAll(async () => {
    db = await TestDatabase.create('leadership', { empty: true });
    connections = new DatabaseConnections({ url: db.url, ssl: false } as DatabaseSettings);
  });

  afterAll(async () => {
    for (const leadership of started) await leadership.onApplicationShutdown();
    await db?.drop();
  });

  it('lets one instance lead, hands over when its connection dies, and again when it shuts down', async () => {
    const a = instance();
    const b = instance();
    expect(await a.ensure()).toBe(true);
    expect(await b.ensure()).toBe(false);
    expect(await a.ensure()).toBe(true); // still holding it: no second lock taken
    expect(await lockHolders()).toHaveLength(1);

    // The leader's lock connection is cut (a network blip, PostgreSQL restarting it): the lock goes with it.
    const [holder] = await lockHolders();
    await db.query('SELECT pg_terminate_backend($1)', [holder.pid]);
    expect(await eventually(() => a.ensure(), (leads) => !leads, { what: 'the old leader to notice its lock is gone' })).toBe(false);
    expect(a.isLeader).toBe(false);
    await eventually(() => b.ensure(), (leads) => leads, { what: 'the other instance to take over' });
    expect(await a.ensure()).toBe(false);
    expect(await lockHolders()).toHaveLength(1);

    // A leader shutting down gives the lock back at once.
    await b.onApplicationShutdown();
    expect(b.isLeader).toBe(false);
    expect(await a.ensure()).toBe(true);
  });
});
