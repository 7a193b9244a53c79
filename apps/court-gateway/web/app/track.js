// The sighting track drawn on the checkpoints' coordinates as SVG: no map tiles.
import { html, formatDateTime } from './common.js';

const W = 460;
const H = 260;
const PAD = 36;
const FONT = 11; // .track-label font-size
const LABEL_H = FONT + 3;
const POINT_R = 9;

/** A conservative width of `text` at the label font: CJK glyphs are a full em, the rest about 0.62 em. */
function textWidth(text) {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(ch) ? FONT : FONT * 0.62;
  return Math.ceil(w) + 2;
}

const overlaps = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * Where each place's name goes: beside its (latest) point, at the first of eight positions that
 * stays inside the drawing and clear of every point and every name already placed, the latest
 * place first. A name that fits nowhere is not drawn; the point's tooltip still says it.
 */
export function placeLabels(places, points) {
  const obstacles = points.map(([x, y]) => ({ x0: x - POINT_R - 1, y0: y - POINT_R - 1, x1: x + POINT_R + 1, y1: y + POINT_R + 1 }));
  const placed = [];
  const labels = [];
  for (const { name, x, y } of places) {
    const w = textWidth(name);
    const gap = POINT_R + 3;
    const candidates = [
      { x0: x + gap, y0: y - gap - LABEL_H + 4 }, // right, above
      { x0: x + gap, y0: y + gap - 4 }, // right, below
      { x0: x - gap - w, y0: y - gap - LABEL_H + 4 }, // left, above
      { x0: x - gap - w, y0: y + gap - 4 }, // left, below
      { x0: x + gap, y0: y - LABEL_H / 2 }, // right
      { x0: x - gap - w, y0: y - LABEL_H / 2 }, // left
      { x0: x - w / 2, y0: y - gap - LABEL_H }, // above
      { x0: x - w / 2, y0: y + gap }, // below
    ].map((c) => ({ ...c, x1: c.x0 + w, y1: c.y0 + LABEL_H }));
    const box = candidates.find((c) => c.x0 >= 2 && c.y0 >= 2 && c.x1 <= W - 2 && c.y1 <= H - 2 && ![...obstacles, ...placed].some((o) => overlaps(c, o)));
    if (!box) continue;
    placed.push(box);
    labels.push({ name, box });
  }
  return labels;
}

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
  const nameOf = (p) => p.location.name ?? p.cameraId;
  // Each place is named once, beside its latest visit; the latest places get the room first.
  const places = [];
  for (let i = points.length - 1; i >= 0; i--) {
    const name = nameOf(points[i]);
    if (places.some((p) => p.name === name)) continue;
    const [x, y] = xy(points[i]);
    places.push({ name, x, y });
  }
  // The viewer's own mark (the phone app) is kept clear of the names too.
  const labels = placeLabels(places, [...points.map(xy), ...(here ? [[mx, my]] : [])]);
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
        <title>${nameOf(p)} · ${formatDateTime(p.observedAt)}</title>
        <circle cx=${x} cy=${y} r=${last ? POINT_R : POINT_R - 2} />
        <text x=${x} y=${y + 4} text-anchor="middle" class="track-n">${i + 1}</text>
      </g>`;
    })}
    ${labels.map(({ name, box }) => html`<text x=${box.x0 + 1} y=${box.y0 + FONT} class="track-label">${name}</text>`)}
  </svg>`;
}
