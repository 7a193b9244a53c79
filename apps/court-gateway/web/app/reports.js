// Leadership reports: a period and team chosen in the form (and the URL), the figures the SQL
// computed, charts, the breach list, CSV export and a printable layout. Shown to a signed-in
// person (auth.js); the server lets leadership and duty directors read reports, others get 403.
import { useEffect, useState } from 'preact/hooks';
import { startPage } from './auth.js';
import { api, errorText, formatDateTime, formatDuration, formatShare, Header, html, t } from './common.js';
import { BarChart, ShareBars } from './charts.js';

const PERIODS = ['day', 'week', 'month'];

function todayInCourt() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

function readQuery() {
  const q = new URLSearchParams(location.search);
  return {
    period: PERIODS.includes(q.get('period')) ? q.get('period') : 'month',
    start: q.get('start') ?? todayInCourt(),
    team: q.get('team') ?? 'all',
    stored: q.get('stored') === '1',
  };
}

function queryString(q) {
  return `period=${q.period}&start=${q.start}&team=${encodeURIComponent(q.team)}`;
}

/** How each headline figure is shown; `trend` names the line in report.trends. */
const KPIS = [
  { key: 'alerts', label: 'metric.alerts', trend: 'alerts', format: String },
  { key: 'vehiclesSeized', label: 'metric.vehiclesSeized', trend: 'vehiclesSeized', format: String },
  { key: 'casesConcluded', label: 'metric.casesConcluded', trend: 'casesConcluded', format: String },
  { key: 'ackMedian', label: 'metric.ackMedian', trend: 'ackMedianSeconds', format: formatDuration },
  { key: 'ackP90', label: 'metric.ackP90', trend: 'ackP90Seconds', format: formatDuration },
  { key: 'onSceneMedian', label: 'metric.onSceneMedian', trend: 'onSceneMedianSeconds', format: formatDuration },
  { key: 'onSceneP90', label: 'metric.onSceneP90', trend: 'onSceneP90Seconds', format: formatDuration },
  { key: 'ackWithin', label: 'metric.ackWithin', trend: 'ackWithinShare', format: formatShare },
  { key: 'onSceneWithin', label: 'metric.onSceneWithin', trend: 'onSceneWithinShare', format: formatShare },
  { key: 'resolveWithin', label: 'metric.resolveWithin', trend: 'resolveWithinShare', format: formatShare },
  { key: 'falseHitRate', label: 'metric.falseHitRate', trend: 'falseHitRate', format: formatShare },
  { key: 'breaches', label: 'metric.breaches', trend: 'breaches', format: String },
];

function change(kpi, line) {
  if (line.change === null) return '—';
  const sign = line.change > 0 ? '+' : line.change < 0 ? '−' : '±';
  const magnitude = Math.abs(line.change);
  return `${sign}${kpi.format === formatShare ? `${(magnitude * 100).toFixed(1)} pt` : kpi.format(magnitude)}`;
}

/** How each seizure figure is shown against the same period a year earlier. */
const SEIZURE_METRICS = [
  { metric: 'vehiclesSeized', label: 'seizures.vehiclesSeized', format: String },
  { metric: 'averageHitToSeizureSeconds', label: 'seizures.averageHitToSeizure', format: formatDuration },
  { metric: 'successRate', label: 'seizures.successRate', format: formatShare },
];

function Seizures({ seizures }) {
  const byMetric = Object.fromEntries(seizures.comparison.map((line) => [line.metric, line]));
  const shown = (m, value) => (value === null || value === undefined ? '—' : m.format(value));
  return html`<h3>${t('seizures.title')}</h3>
    <p class="muted">${t('seizures.yearEarlier')}: ${seizures.yearEarlier.start} — ${seizures.yearEarlier.end}</p>
    <div class="kpis" data-testid="seizures">
      ${SEIZURE_METRICS.map((m) => {
        const line = byMetric[m.metric] ?? { current: null, yearEarlier: null, change: null };
        return html`<div class="kpi" data-testid=${`seizure-${m.metric}`}>
          <div class="kpi-label">${t(m.label)}</div>
          <div class="kpi-value" data-testid=${`seizure-${m.metric}-value`}>${shown(m, line.current)}</div>
          <div class="kpi-trend" data-testid=${`seizure-${m.metric}-year-earlier`}>${t('seizures.yearEarlier')} ${shown(m, line.yearEarlier)} · ${t('report.change')} ${change(m, line)}</div>
        </div>`;
      })}
    </div>
    <p class="muted" data-testid="seizures-verified">${t('seizures.verified')}: ${seizures.current.seizedOfVerified} / ${seizures.current.verifiedHits}</p>`;
}

function Custody({ custody }) {
  return html`<h3>${t('custody.title')}</h3>
    <p data-testid="custody-summary">
      ${t('custody.cars')}: <b data-testid="custody-cars">${custody.cars}</b> ·
      ${t('custody.fees')}: <b data-testid="custody-fees">¥${custody.feesYuan}</b> ·
      ${t('custody.warnings')}: <b data-testid="custody-warnings">${custody.feeWarnings}</b>
    </p>
    ${custody.list.length === 0
      ? html`<p class="muted">${t('custody.none')}</p>`
      : html`<table class="breaches" data-testid="custody">
          <thead><tr><th>${t('col.case')}</th><th>${t('col.plate')}</th><th>${t('custody.yard')}</th><th>${t('custody.seizedAt')}</th><th>${t('custody.days')}</th><th>${t('custody.fees')}</th></tr></thead>
          <tbody>
            ${custody.list.map(
              (car) => html`<tr data-testid="custody-row" data-fee-warning=${String(car.feeWarning)}>
                <td>${car.caseNumber}</td><td>${car.plate}</td><td>${car.yard}</td><td>${formatDateTime(car.seizedAt)}</td><td>${car.days}</td>
                <td>¥${car.feesYuan}${car.feeWarning ? ` (${t('custody.feeWarning')})` : ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>`}`;
}

function Report({ report }) {
  const trend = Object.fromEntries(report.trends.map((line) => [line.metric, line]));
  const c = report.current;
  return html`<article class="report" data-testid="report" data-period=${report.period} data-start=${report.start}>
    <p class="meta">
      ${t('report.range')}: <b data-testid="report-range">${report.start} — ${report.end}</b> (${report.timeZone}) ·
      ${t('report.team')}: <b>${report.team?.name ?? t('report.allTeams')}</b> ·
      ${t('report.generatedAt')}: <span data-testid="generated-at">${formatDateTime(report.generatedAt)}</span>
    </p>
    <div class="kpis">
      ${KPIS.map((kpi) => {
        const line = trend[kpi.trend];
        return html`<div class="kpi" data-testid=${`kpi-${kpi.key}`}>
          <div class="kpi-label">${t(kpi.label)}</div>
          <div class="kpi-value" data-testid=${`kpi-${kpi.key}-value`}>${line.current === null ? '—' : kpi.format(line.current)}</div>
          <div class="kpi-trend">${t('report.previous')} ${line.previous === null ? '—' : kpi.format(line.previous)} · ${t('report.change')} ${change(kpi, line)}</div>
        </div>`;
      })}
    </div>
    <div class="charts">
      <figure>
        <figcaption>${t('chart.series')}</figcaption>
        <${BarChart} testid="chart-series" data=${report.series.map((s) => ({ label: s.label, value: s.alerts }))} />
      </figure>
      <figure>
        <figcaption>${t('chart.hitType')}</figcaption>
        <${BarChart}
          testid="chart-hit-type"
          width=${320}
          data=${c.byHitType.map((h) => ({ label: `${t(`source.${h.source}`)}·${t(`match.${h.match}`)}`, value: h.count }))}
        />
      </figure>
      <figure>
        <figcaption>${t('chart.sla')}</figcaption>
        <${ShareBars}
          testid="chart-sla"
          data=${[
            { label: t('metric.ackWithin'), value: c.acknowledge.withinShare },
            { label: t('metric.onSceneWithin'), value: c.onScene.withinShare },
            { label: t('metric.resolveWithin'), value: c.resolve.withinShare },
          ]}
        />
      </figure>
    </div>
    ${report.seizures && html`<${Seizures} seizures=${report.seizures} />`}
    ${report.custody && html`<${Custody} custody=${report.custody} />`}
    <h3>${t('falseHits.title')}</h3>
    ${(c.falseHitsByCamera ?? []).length === 0
      ? html`<p class="muted">${t('falseHits.none')}</p>`
      : html`<table class="breaches" data-testid="false-hits-by-camera">
          <thead><tr><th>${t('falseHits.camera')}</th><th>${t('falseHits.alerts')}</th><th>${t('falseHits.rejected')}</th><th>${t('falseHits.reasons')}</th><th>${t('falseHits.possible')}</th></tr></thead>
          <tbody>
            ${c.falseHitsByCamera.map(
              (cam) => html`<tr>
                <td>${cam.cameraId}</td><td>${cam.alerts}</td><td>${cam.falseHits} (${Math.round((100 * cam.falseHits) / Math.max(1, cam.alerts))}%)</td>
                <td>${[['misread', cam.misread], ['wrong_vehicle', cam.wrongVehicle], ['plate_cloned', cam.plateCloned]].filter(([, n]) => n > 0).map(([r, n]) => `${t(`reason.${r}`)} ${n}`).join('，')}</td>
                <td>${cam.possibleHits}</td>
              </tr>`,
            )}
          </tbody>
        </table>`}
    <h3>${t('breaches.title')}</h3>
    ${report.breaches.length === 0
      ? html`<p class="muted">${t('breaches.none')}</p>`
      : html`<table class="breaches" data-testid="breaches">
          <thead><tr><th>${t('col.case')}</th><th>${t('col.plate')}</th><th>${t('breaches.target')}</th><th>${t('breaches.late')}</th></tr></thead>
          <tbody>
            ${report.breaches.map(
              (b) => html`<tr>
                <td>${b.caseNumber}</td><td>${b.plate}</td>
                <td>${t(`sla.${b.target === 'on_scene' ? 'onScene' : b.target}`)}</td>
                <td>${formatDuration(b.lateSeconds)}${b.stillOpen ? ` (${t('breaches.open')})` : ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>`}
  </article>`;
}

function Reports({ me, signOut }) {
  const [query, setQuery] = useState(readQuery());
  const [teams, setTeams] = useState([]);
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    api('/api/v1/teams')
      .then((body) => setTeams(body.items ?? body))
      .catch(() => setTeams([]));
  }, []);

  useEffect(() => {
    history.replaceState(null, '', `/reports?${queryString(query)}${query.stored ? '&stored=1' : ''}`);
    setError(null);
    const path = query.stored
      ? `/api/v1/reports/stored/${query.period}/${query.start}?team=${encodeURIComponent(query.team)}`
      : `/api/v1/reports?${queryString(query)}`;
    api(path)
      .then(setReport)
      .catch((e) => {
        setReport(null);
        setError(e.status === 404 && query.stored ? t('report.storedMissing') : errorText(e));
      });
  }, [query.period, query.start, query.team, query.stored]);

  const form = (event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setQuery({ period: data.get('period'), start: data.get('start'), team: data.get('team'), stored: data.get('stored') === 'on' });
  };

  return html`<${Header} page="reports" me=${me} signOut=${signOut} />
    <main class="reports">
      <form class="report-form no-print" onSubmit=${form}>
        <label>${t('report.period')}
          <select name="period" value=${query.period}>${PERIODS.map((p) => html`<option value=${p}>${t(`report.period.${p}`)}</option>`)}</select>
        </label>
        <label>${t('report.start')} <input type="date" name="start" value=${query.start} required /></label>
        <label>${t('report.team')}
          <select name="team" value=${query.team}>
            <option value="all">${t('report.allTeams')}</option>
            ${teams.map((team) => html`<option value=${team.id}>${team.name}</option>`)}
            ${query.team !== 'all' && !teams.some((team) => team.id === query.team) && html`<option value=${query.team}>${report?.team?.name ?? query.team}</option>`}
          </select>
        </label>
        <label><input type="checkbox" name="stored" checked=${query.stored} /> ${t('report.stored')}</label>
        <button type="submit">${t('report.show')}</button>
        <a class="button" data-testid="csv" href=${`/api/v1/reports/export.csv?${queryString(query)}`}>${t('report.csv')}</a>
        <button type="button" onClick=${() => window.print()}>${t('report.print')}</button>
      </form>
      <h2 class="print-title">${t(`report.period.${query.period}`)}</h2>
      ${error && html`<p class="error" data-testid="report-error">${error}</p>`}
      ${report && html`<${Report} report=${report} />`}
    </main>`;
}

startPage('reports', Reports);
