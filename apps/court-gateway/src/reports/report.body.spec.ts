import { ReportBody, ReportFigures, reportToCsv, share, trendsOf } from './report.body';

function figures(overrides: Partial<ReportFigures> = {}): ReportFigures {
  return {
    alerts: 0,
    byHitType: [],
    vehiclesSeized: 0,
    casesConcluded: 0,
    acknowledge: { count: 0, medianSeconds: null, p90Seconds: null, decided: 0, withinSla: 0, withinShare: null },
    onScene: { count: 0, medianSeconds: null, p90Seconds: null, decided: 0, withinSla: 0, withinShare: null },
    resolve: { decided: 0, withinSla: 0, withinShare: null },
    breaches: { total: 0, ack: 0, onScene: 0, resolve: 0, medianLateSeconds: null, maxLateSeconds: null },
    falseHits: { rejected: 0, judged: 0, rate: null },
    ...overrides,
  };
}

describe('report body', () => {
  it('has no share of nothing', () => {
    expect(share(3, 0)).toBeNull();
    expect(share(3, 4)).toBe(0.75);
  });

  it('compares each figure with the previous period, leaving the change empty when either side has no value', () => {
    const sut = trendsOf(
      figures({ alerts: 5, acknowledge: { count: 5, medianSeconds: 180, p90Seconds: 456, decided: 5, withinSla: 4, withinShare: 0.8 } }),
      figures({ alerts: 2 }),
    );
    expect(sut.find((t) => t.metric === 'alerts')).toEqual({ metric: 'alerts', current: 5, previous: 2, change: 3 });
    expect(sut.find((t) => t.metric === 'ackMedianSeconds')).toEqual({ metric: 'ackMedianSeconds', current: 180, previous: null, change: null });
  });

  it('writes CSV that spreadsheets read: BOM, CRLF, quoted cells with commas or quotes', () => {
    const current = figures({ alerts: 1, byHitType: [{ source: 'checkpoint', match: 'exact', count: 1 }] });
    const report: ReportBody = {
      period: 'day',
      start: '2026-02-10',
      end: '2026-02-11',
      timeZone: 'Asia/Shanghai',
      team: { id: 'fangcheng', name: '防城法庭' },
      generatedAt: '2026-02-11T00:00:00.000Z',
      current,
      previous: { ...figures(), start: '2026-02-09' },
      trends: trendsOf(current, figures()),
      series: [],
      breaches: [{ alertId: 'a', caseNumber: '(2025)桂0603执1,2号', plate: '桂P***5', target: 'ack', dueAt: '2026-02-10T02:05:00.000Z', lateSeconds: 30, stillOpen: false }],
    };
    const sut = reportToCsv(report);
    expect(sut.startsWith('\ufeffperiod,day,start,2026-02-10')).toBe(true);
    expect(sut.split('\r\n')).toContain('alerts,1,0,1');
    expect(sut).toContain('ack,"(2025)桂0603执1,2号",桂P***5,2026-02-10T02:05:00.000Z,30,false');
  });
});
