// Tiny inline-SVG charts drawn here: no chart library.
import { html } from './common.js';

/** Vertical bars with a label under each (labels thinned when there are many). */
export function BarChart({ data, width = 640, height = 200, testid }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const left = 30;
  const bottom = 22;
  const plotW = width - left - 6;
  const plotH = height - bottom - 14;
  const step = plotW / Math.max(data.length, 1);
  const every = Math.ceil(data.length / 16);
  const ticks = [0, Math.ceil(max / 2), max];
  return html`<svg class="chart" data-testid=${testid} viewBox="0 0 ${width} ${height}" role="img">
    ${ticks.map((tick) => {
      const y = 14 + plotH - (tick / max) * plotH;
      return html`<g><line x1=${left} x2=${width - 6} y1=${y} y2=${y} class="grid" /><text x=${left - 4} y=${y + 4} text-anchor="end" class="axis">${tick}</text></g>`;
    })}
    ${data.map((d, i) => {
      const h = (d.value / max) * plotH;
      const x = left + i * step + step * 0.15;
      return html`<g>
        <title>${d.label}: ${d.value}</title>
        <rect x=${x} y=${14 + plotH - h} width=${step * 0.7} height=${h} class="bar" />
        ${i % every === 0 && html`<text x=${x + step * 0.35} y=${height - 6} text-anchor="middle" class="axis">${d.label}</text>`}
      </g>`;
    })}
  </svg>`;
}

/** Horizontal bars of shares (0..1) with their percentage. */
export function ShareBars({ data, width = 420, testid }) {
  const row = 28;
  const labelW = 150;
  return html`<svg class="chart" data-testid=${testid} viewBox="0 0 ${width} ${data.length * row + 6}" role="img">
    ${data.map((d, i) => {
      const w = (width - labelW - 60) * (d.value ?? 0);
      return html`<g>
        <text x="0" y=${i * row + 18} class="axis">${d.label}</text>
        <rect x=${labelW} y=${i * row + 5} width=${width - labelW - 60} height="16" class="track-bg" />
        <rect x=${labelW} y=${i * row + 5} width=${w} height="16" class=${(d.value ?? 1) < 0.8 ? 'bar warn' : 'bar'} />
        <text x=${width - 54} y=${i * row + 18} class="axis">${d.value === null ? '—' : `${(d.value * 100).toFixed(1)}%`}</text>
      </g>`;
    })}
  </svg>`;
}
