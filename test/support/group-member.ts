/**
 * One consumer group member (the platform's KafkaEventServer, handlers doing nothing) in a
 * process of its own, so a test can kill it with SIGKILL: no LeaveGroup, no goodbye, as a crashed
 * instance. Run with `node -r test/support/ts-register.js test/support/group-member.ts`;
 * reads GROUP_MEMBER_BROKERS, GROUP_MEMBER_GROUP and GROUP_MEMBER_TOPIC; prints
 * `joined <memberId> <partitions>` on every group join.
 */
import { KafkaConsumerStatus, KafkaEventServer, KafkajsPublisher } from '@app/platform';
import { Kafka, logLevel } from 'kafkajs';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const kafka = new Kafka({ clientId: 'group-member', brokers: env('GROUP_MEMBER_BROKERS').split(','), logLevel: logLevel.NOTHING });
const status = new KafkaConsumerStatus();
const server = new KafkaEventServer(kafka, new KafkajsPublisher(kafka), { groupId: env('GROUP_MEMBER_GROUP'), fetchMaxWaitMs: 100 }, status);
server.addHandler(env('GROUP_MEMBER_TOPIC'), async () => undefined, true);
server.listen(() => undefined);
let reported = 0;
setInterval(() => {
  if (status.joins === reported || !status.lastJoin) return;
  reported = status.joins;
  console.log(`joined ${status.lastJoin.memberId} ${status.lastJoin.partitions}`);
}, 50);
