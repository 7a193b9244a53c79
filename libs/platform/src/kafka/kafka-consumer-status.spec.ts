import { heartbeatIntervalFor, KafkaConsumerStatus } from './kafka-event.server';

describe(KafkaConsumerStatus.name, () => {
  const now = 1_800_000_000_000;

  function consuming(lastContactAgoMs: number): KafkaConsumerStatus {
    const sut = new KafkaConsumerStatus();
    sut.sessionTimeoutMs = 6_000;
    sut.state = 'consuming';
    sut.lastContactAt = now - lastContactAgoMs;
    return sut;
  }

  it('is ready while consuming and in touch with the coordinator', () => {
    expect(consuming(1_000).notReadyReason(now)).toBeNull();
    expect(consuming(6_000).notReadyReason(now)).toBeNull();
  });

  it('says it is rejoining once the coordinator has not acknowledged a heartbeat for a whole session', () => {
    expect(consuming(9_400).notReadyReason(now)).toBe('rejoining: no heartbeat acknowledged for 9 s');
  });

  it('names the stage and the last error while not consuming', () => {
    const sut = new KafkaConsumerStatus();
    expect(sut.notReadyReason(now)).toBe('joining the consumer group');
    sut.state = 'rebalancing';
    expect(sut.notReadyReason(now)).toBe('rejoining: the consumer group is rebalancing');
    sut.state = 'restarting';
    sut.lastError = 'Specified group generation id is not valid';
    expect(sut.notReadyReason(now)).toBe('restarting the consumer: Specified group generation id is not valid');
  });
});

describe(heartbeatIntervalFor.name, () => {
  it('heartbeats a sixth of the session apart, between 0.5 s and 3 s', () => {
    expect(heartbeatIntervalFor(6_000)).toBe(1_000);
    expect(heartbeatIntervalFor(30_000)).toBe(3_000);
    expect(heartbeatIntervalFor(2_000)).toBe(500);
  });
});
