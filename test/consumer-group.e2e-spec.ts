import { allTopicSpecs, Topic } from '@app/contracts';
import { DEFAULT_SESSION_TIMEOUT_MS, KafkaConsumerStatus, KafkaEventServer, KafkaEventServerOptions, KafkajsPublisher } from '@app/platform';
import { Kafka, logLevel } from 'kafkajs';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { KafkaMockCluster } from '../tools/kafka-mock/kafka-mock';
import { eventually } from './support/eventually';

const ROOT = path.resolve(__dirname, '..');
const TOPIC = Topic.Hits;
const PARTITIONS = allTopicSpecs().find((t) => t.name === TOPIC)!.partitions;

/**
 * Consumer group membership over the broker: an instance that stops leaves its group, one that
 * crashed is replaced after the session timeout, and a member the coordinator forgot rejoins as
 * soon as the coordinator answers again. The figures (stop or crash to a member consuming again)
 * are printed for docs/benchmarks.md; the assertions are about who is in the group, never about
 * how long it took.
 */
describe('consumer group membership', () => {
  const clusters: KafkaMockCluster[] = [];
  const servers: KafkaEventServer[] = [];
  const children: ChildProcess[] = [];

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all(clusters.map((c) => c.stop()));
  });

  /** A cluster of its own per test: the tests run at once, and one of them takes a broker down. */
  async function broker(): Promise<{ cluster: KafkaMockCluster; kafka: Kafka }> {
    const cluster = await KafkaMockCluster.start({ brokers: 3, topics: allTopicSpecs() });
    clusters.push(cluster);
    return { cluster, kafka: new Kafka({ clientId: 'membership-test', brokers: cluster.brokers, logLevel: logLevel.NOTHING }) };
  }

  /** A member as the apps run it (default session timeout), consuming `TOPIC` with a handler that does nothing. */
  function member(kafka: Kafka, groupId: string, options: Partial<KafkaEventServerOptions> = {}): { server: KafkaEventServer; status: KafkaConsumerStatus } {
    const status = new KafkaConsumerStatus();
    const server = new KafkaEventServer(kafka, new KafkajsPublisher(kafka), { groupId, fetchMaxWaitMs: 100, ...options }, status);
    server.addHandler(TOPIC, async () => undefined, true);
    server.listen(() => undefined);
    servers.push(server);
    return { server, status };
  }

  const consuming = (status: KafkaConsumerStatus, what: string) =>
    eventually(async () => status.joined, Boolean, { timeoutMs: 30_000, intervalMs: 25, what });

  it.concurrent('a member that stops leaves the group, so the next one is alone in its very first generation', async () => {
    const { kafka } = await broker();
    const groupId = `graceful-${randomUUID()}`;
    const first = member(kafka, groupId);
    await consuming(first.status, 'the first member consuming');
    expect(first.status.lastJoin).toMatchObject({ isLeader: true, partitions: PARTITIONS });

    const stoppedAt = Date.now();
    await first.server.close();
    expect(first.status.leftGroup).toBe(true); // the coordinator answered our LeaveGroup
    const closeMs = Date.now() - stoppedAt;

    const next = member(kafka, groupId);
    await consuming(next.status, 'the next member consuming');
    // Had the first member stayed in the group, the next one's first generation would have
    // included it (as its leader: the oldest member leads) and a second join would follow.
    expect(next.status.joins).toBe(1);
    expect(next.status.lastJoin).toMatchObject({ isLeader: true, partitions: PARTITIONS });
    console.log(
      `consumer group: graceful stop to the next member consuming ${Date.now() - stoppedAt} ms (close ${closeMs} ms, join ${next.status.lastJoin!.durationMs} ms)`,
    );
  }, 60_000);

  it.concurrent('a member that crashed is dropped after the session timeout and the restarted one takes every partition', async () => {
    const { cluster, kafka } = await broker();
    const groupId = `crash-${randomUUID()}`;
    const crashed = spawn(process.execPath, ['-r', path.join(__dirname, 'support', 'ts-register.js'), path.join(__dirname, 'support', 'group-member.ts')], {
      cwd: ROOT,
      env: { ...process.env, GROUP_MEMBER_BROKERS: cluster.bootstrap, GROUP_MEMBER_GROUP: groupId, GROUP_MEMBER_TOPIC: TOPIC },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(crashed);
    const joined = new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: crashed.stdout! }).on('line', (line) => line.startsWith('joined ') && resolve(line));
      crashed.once('exit', (code) => reject(new Error(`the member process exited (${code}) before joining`)));
    });
    expect(await joined).toMatch(new RegExp(` ${PARTITIONS}$`));

    const killedAt = Date.now();
    crashed.kill('SIGKILL'); // no LeaveGroup: the coordinator only learns of it when the session times out
    await new Promise((resolve) => crashed.once('exit', resolve));
    const restarted = member(kafka, groupId);
    await eventually(async () => restarted.status.joined && restarted.status.lastJoin?.partitions, (n) => n === PARTITIONS, {
      timeoutMs: 60_000,
      intervalMs: 25,
      what: 'the restarted member holding every partition',
    });
    console.log(
      `consumer group: kill -9 to the restarted member holding all ${PARTITIONS} partitions ${Date.now() - killedAt} ms ` +
        `(session timeout ${DEFAULT_SESSION_TIMEOUT_MS} ms, joins ${restarted.status.joins})`,
    );
  }, 90_000);

  it.concurrent('a member the coordinator forgot says so (not ready) and rejoins as soon as the coordinator answers again', async () => {
    const { cluster, kafka } = await broker();
    const groupId = `forgotten-${randomUUID()}`;
    const COORDINATOR = 1;
    await cluster.setGroupCoordinator(groupId, COORDINATOR);
    const { status } = member(kafka, groupId);
    await consuming(status, 'the member consuming');
    const joinsBefore = status.joins;

    await cluster.setBrokerDown(COORDINATOR);
    let upAt = 0;
    try {
      // No heartbeat reaches the coordinator: after one session it has dropped the member, and
      // readiness says so instead of reporting a member that no longer is one.
      const reason = await eventually(async () => status.notReadyReason(), (r) => r !== null, { timeoutMs: 30_000, what: 'readiness to notice' });
      expect(reason).toMatch(/rejoining|joining/);
      await new Promise((resolve) => setTimeout(resolve, DEFAULT_SESSION_TIMEOUT_MS + 2_000)); // the coordinator's session check runs every second
    } finally {
      await cluster.setBrokerUp(COORDINATOR);
      upAt = Date.now();
    }
    await eventually(async () => status.joined && status.joins > joinsBefore, Boolean, {
      timeoutMs: 30_000,
      intervalMs: 25,
      what: 'the member back in the group',
    });
    expect(status.lastJoin).toMatchObject({ isLeader: true, partitions: PARTITIONS });
    console.log(`consumer group: coordinator back to the forgotten member consuming again ${Date.now() - upAt} ms`);
  }, 90_000);
});
