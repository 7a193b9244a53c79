// The sighting track drawn on the checkpoints' coordinates as SVG: no map tiles.
import { html, formatDateTime } from './common.js';

const W = 460;
const H = 260;
const PAD = 36;

/**
 * The sightings in order, the last one larger; `me` (optional, the phone app) is where the viewer
 * is, `{ lat, lon, label }`, drawn apart and counted in the bounds so the way there shows.
 */
export function Track({ hits, me }) {
  const points = hits.filter((hit) => hit.location && Number.isFinite(hit.location.lat) && Number.isFinite(hit.location.lon));
  if (points.length === 0) return null;
  const here = me && Number.isFinite(me.lat) && Number.isFinite(me.lon) ? { location: me } : null;
  const lats = [...points, ...(here ? [here] : [])].map((p) => p.location.lat);
  const lons = [...points, ...(here ? [here] : [])].map((p) => p.location.lon);
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
  const [mx, my] = here ? xy(here) : [0, 0];
  const [lx, ly] = xy(points[points.length - 1]);
  return html`<svg class="track" data-testid="track" viewBox="0 0 ${W} ${H}" role="img">
    <rect x="0" y="0" width=${W} height=${H} class="track-bg" />
    <polyline points=${path} class="track-line" />
    ${here &&
    html`<g class="track-me" data-testid="track-me">
      <line x1=${mx} y1=${my} x2=${lx} y2=${ly} class="track-way" />
      <rect x=${mx - 7} y=${my - 7} width="14" height="14" />
      <text x=${mx + 12} y=${my + 18} class="track-label">${me.label ?? ''}</text>
    </g>`}
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
