// The sighting track drawn on the checkpoints' coordinates as SVG: no map tiles.
import { html, formatDateTime } from './common.js';

const W = 460;
const H = 260;
const PAD = 36;

export function Track({ hits }) {
  const points = hits.filter((hit) => hit.location && Number.isFinite(hit.location.lat) && Number.isFinite(hit.location.lon));
  if (points.length === 0) return null;
  const lats = points.map((p) => p.location.lat);
  const lons = points.map((p) => p.location.lon);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  // Equirectangular projection: a degree of longitude is cos(latitude) of a degree of latitude.
  const kx = Math.cos((midLat * Math.PI) / 180);
  const spanX = Math.max((Math.max(...lons) - Math.min(...lons)) * kx, 0.002);
  const spanY = Math.max(Math.max(...lats) - Math.min(...lats), 0.002);
  const scale = Math.min((W - 2 * PAD) / spanX, (H - 2 * PAD) / spanY);
  const cx = (Math.min(...lons) + Math.max(...lons)) / 2;
  const cy = midLat;
  const xy = (p) => [W / 2 + (p.location.lon - cx) * kx * scale, H / 2 - (p.location.lat - cy) * scale];
  const path = points.map((p) => xy(p).map((n) => n.toFixed(1)).join(',')).join(' ');
  return html`<svg class="track" data-testid="track" viewBox="0 0 ${W} ${H}" role="img">
    <rect x="0" y="0" width=${W} height=${H} class="track-bg" />
    <polyline points=${path} class="track-line" />
    ${points.map((p, i) => {
      const [x, y] = xy(p);
      const last = i === points.length - 1;
      return html`<g class=${last ? 'track-point last' : 'track-point'}>
        <title>${p.location.name ?? p.cameraId} · ${formatDateTime(p.observedAt)}</title>
        <circle cx=${x} cy=${y} r=${last ? 9 : 7} />
        <text x=${x} y=${y + 4} text-anchor="middle" class="track-n">${i + 1}</text>
        <text x=${x + 12} y=${y - 10} class="track-label">${p.location.name ?? p.cameraId}</text>
      </g>`;
    })}
  </svg>`;
}
