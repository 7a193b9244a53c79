// The seizure (扣押) on the phone and the desk: the record form while the officer is on scene
// (photos from the camera, what was taken, the yard), then the record with custody days, fees,
// the fee warning and the papers (PDF) to download. The session cookie carries the download.
import { useEffect, useState } from 'preact/hooks';
import { api, apiErrorOf, errorText, formatDateTime, html, lang } from '../app/common.js';

const WORDS = {
  'zh-CN': {
    title: '扣押', record: '登记扣押', seizedAt: '扣押时间', place: '扣押地点', placeHint: '不填则取照片定位', photos: '现场照片',
    keys: '车钥匙（把）', licence: '已扣押行驶证', condition: '车况', odometer: '里程表（公里）', drivenBy: '移车驾驶人', yard: '停放场所',
    response: '被执行人态度', value: '车辆估值（元，可选）', note: '备注', save: '提交扣押记录', saving: '正在提交…',
    paid_in_full: '全额履行', settlement: '达成和解', refused: '拒不履行', days: '已停放', daysUnit: '天', fees: '停放费', yuan: '元',
    feeWarning: '停放费已达车辆估值的 {share}%', papers: '文书', in_custody: '在押', released: '已放行', handed_to_auction: '已移交拍卖',
    perDay: '元/天', fromPhoto: '（照片定位）', recordedBy: '登记人',
  },
  en: {
    title: 'Seizure', record: 'Record the seizure', seizedAt: 'Seized at', place: 'Place', placeHint: 'empty: from the photo GPS', photos: 'Photos',
    keys: 'Keys', licence: 'Registration certificate taken', condition: 'Condition', odometer: 'Odometer (km)', drivenBy: 'Driven away by', yard: 'Storage yard',
    response: 'Debtor response', value: 'Estimated value (yuan, optional)', note: 'Note', save: 'Save the seizure record', saving: 'Saving…',
    paid_in_full: 'Paid in full', settlement: 'Settlement', refused: 'Refused', days: 'Kept', daysUnit: 'days', fees: 'Fees', yuan: 'yuan',
    feeWarning: 'Fees have reached {share}% of the estimated value', papers: 'Papers', in_custody: 'In custody', released: 'Released', handed_to_auction: 'Handed to auction',
    perDay: 'yuan/day', fromPhoto: '(photo GPS)', recordedBy: 'Recorded by',
  },
};
const w = (key) => (WORDS[lang] ?? WORDS['zh-CN'])[key] ?? WORDS['zh-CN'][key];
const PAPER_NAMES = { 'assistance-notice': '协助执行通知书', inventory: '扣押清单' };
const RESPONSES = ['refused', 'settlement', 'paid_in_full'];

/** The seizure part of an alert: the form while on scene (for whoever may act), the record once seized. */
export function ImpoundSection({ alert, onRecorded }) {
  if (alert.state === 'on_scene' && (alert.allowedActions ?? []).includes('resolve')) return html`<${ImpoundForm} alert=${alert} onRecorded=${onRecorded} />`;
  if (alert.outcome === 'seized') return html`<${ImpoundRecord} alertId=${alert.id} />`;
  return null;
}

function ImpoundForm({ alert, onRecorded }) {
  const [yards, setYards] = useState([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState(null);
  useEffect(() => {
    api('/api/v1/impounds/yards').then(({ items }) => setYards(items)).catch((e) => setMessage(errorText(e)));
  }, []);
  const submit = async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    const record = {
      keysCount: Number(f.get('keysCount')), registrationCertificate: f.get('registrationCertificate') === 'on', vehicleCondition: String(f.get('vehicleCondition')),
      odometerKm: Number(f.get('odometerKm')), drivenBy: String(f.get('drivenBy')), yardId: String(f.get('yardId')), debtorResponse: String(f.get('debtorResponse')),
    };
    if (String(f.get('placeName')).trim()) record.placeName = String(f.get('placeName')).trim();
    if (String(f.get('estimatedValueYuan')).trim()) record.estimatedValueYuan = Number(f.get('estimatedValueYuan'));
    if (String(f.get('note')).trim()) record.note = String(f.get('note')).trim();
    const body = new FormData();
    body.append('record', JSON.stringify(record));
    for (const file of form.querySelector('input[name=photos]').files) body.append('photos', file, file.name);
    setBusy(true);
    setMessage(null);
    try {
      const response = await fetch(`/api/v1/alerts/${alert.id}/impound`, { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' }, body });
      const answer = await response.json().catch(() => null);
      if (!response.ok) throw apiErrorOf(response, answer);
      onRecorded?.();
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="impound" data-testid="impound-form">
    <h3>${w('record')}</h3>
    <form onSubmit=${submit}>
      <label>${w('photos')}<input type="file" name="photos" accept="image/jpeg,image/png" capture="environment" multiple data-testid="impound-photos" /></label>
      <label>${w('place')}<input name="placeName" maxlength="200" placeholder=${w('placeHint')} data-testid="impound-place" /></label>
      <label>${w('keys')}<input name="keysCount" type="number" min="0" max="20" value="1" required data-testid="impound-keys" /></label>
      <label class="check"><input name="registrationCertificate" type="checkbox" data-testid="impound-licence" /> ${w('licence')}</label>
      <label>${w('condition')}<textarea name="vehicleCondition" maxlength="1000" required data-testid="impound-condition" /></label>
      <label>${w('odometer')}<input name="odometerKm" type="number" min="0" max="3000000" required data-testid="impound-odometer" /></label>
      <label>${w('drivenBy')}<input name="drivenBy" maxlength="100" required data-testid="impound-driven-by" /></label>
      <label>${w('yard')}<select name="yardId" required data-testid="impound-yard">
        ${yards.map((y) => html`<option value=${y.id}>${y.name} · ${y.dailyRateYuan} ${w('perDay')}</option>`)}
      </select></label>
      <label>${w('response')}<select name="debtorResponse" data-testid="impound-response">
        ${RESPONSES.map((r) => html`<option value=${r}>${w(r)}</option>`)}
      </select></label>
      <label>${w('value')}<input name="estimatedValueYuan" type="number" min="1" step="0.01" data-testid="impound-value" /></label>
      <label>${w('note')}<textarea name="note" maxlength="1000" /></label>
      <button type="submit" disabled=${busy || yards.length === 0} data-testid="impound-save">${busy ? w('saving') : w('save')}</button>
      ${message && html`<p class="error" role="alert" data-testid="impound-error">${message}</p>`}
    </form>
  </section>`;
}

/** The record, custody and the papers; the desk's alert view shows the same. */
export function ImpoundRecord({ alertId }) {
  const [record, setRecord] = useState(null);
  useEffect(() => {
    api(`/api/v1/alerts/${alertId}/impound`).then(setRecord).catch(() => setRecord(null));
  }, [alertId]);
  if (!record) return null;
  const c = record.custody;
  const place = record.place.name ?? (record.place.lat !== null ? `${record.place.lat}, ${record.place.lon} ${w('fromPhoto')}` : '—');
  return html`<section class="impound" data-testid="impound-record" data-custody=${c.state}>
    <h3>${w('title')} · ${w(c.state)}</h3>
    ${c.feeWarning && html`<p class="warn" data-testid="impound-fee-warning">${w('feeWarning').replace('{share}', String(Math.round(c.feeWarningShare * 100)))}</p>`}
    <dl class="facts">
      <dt>${w('seizedAt')}</dt><dd>${formatDateTime(record.seizedAt)}</dd>
      <dt>${w('place')}</dt><dd>${place}</dd>
      <dt>${w('yard')}</dt><dd data-testid="impound-yard-name">${record.yard.name} · ${record.yard.dailyRateYuan} ${w('perDay')}</dd>
      <dt>${w('days')}</dt><dd data-testid="impound-days">${c.days} ${w('daysUnit')}</dd>
      <dt>${w('fees')}</dt><dd data-testid="impound-fees">${c.feesYuan} ${w('yuan')}</dd>
      <dt>${w('recordedBy')}</dt><dd>${record.recordedBy}</dd>
    </dl>
    ${record.photos.length > 0 && html`<p class="impound-photos">${record.photos.map((p) => html`<a href=${p.url} target="_blank"><img src=${p.url} alt=${`${w('photos')} ${p.n}`} width="96" /></a>`)}</p>`}
    <p><b>${w('papers')}</b> ${record.papers.map((p) => html` <a href=${p.url} download data-testid=${`impound-paper-${p.kind}`}>${PAPER_NAMES[p.kind] ?? p.title} (PDF)</a>`)}</p>
  </section>`;
}
