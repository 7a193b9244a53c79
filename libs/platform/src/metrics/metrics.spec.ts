import { Metrics } from './metrics';

describe(Metrics.name, () => {
  it('labels every series with the app and serves counters by name, the same counter when asked twice', async () => {
    const sut = new Metrics('court-gateway');
    sut.counter('demo_reads_total', 'reads', ['outcome']).inc({ outcome: 'received' }, 3);
    sut.counter('demo_reads_total', 'reads', ['outcome']).inc({ outcome: 'received' }, 2);
    const text = await sut.registry.metrics();
    expect(text).toContain('demo_reads_total{outcome="received",app="court-gateway"} 5');
  });

  it('reads a gauge at scrape time and forgets label values that are gone', async () => {
    const sut = new Metrics('court-gateway');
    let rows = [
      { labels: { state: 'open' }, value: 2 },
      { labels: { state: 'acknowledged' }, value: 1 },
    ];
    sut.gaugeFromReader('demo_alerts', 'alerts', ['state'], async () => rows);
    expect(await sut.registry.metrics()).toContain('demo_alerts{state="open",app="court-gateway"} 2');
    rows = [{ labels: { state: 'acknowledged' }, value: 3 }];
    const text = await sut.registry.metrics();
    expect(text).toContain('demo_alerts{state="acknowledged",app="court-gateway"} 3');
    expect(text).not.toContain('state="open"');
  });
});
