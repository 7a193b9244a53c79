import { ConfigError } from '@app/platform';
import * as fs from 'node:fs';
import { yuan } from './custody';
import { FONT_CANDIDATES, FONT_PACKAGE } from './papers-font';

/** The papers an officer serves or files after a seizure (扣押). */
export enum PaperKind {
  /** 协助执行通知书: asks the traffic police's vehicle administration to block transfers of the car. */
  AssistanceNotice = 'assistance-notice',
  /** 扣押清单: what was taken, where it went, who was there. */
  Inventory = 'inventory',
}

export const PAPER_TITLE: Record<PaperKind, string> = {
  [PaperKind.AssistanceNotice]: '协助执行通知书',
  [PaperKind.Inventory]: '扣押清单',
};

export interface PapersFont {
  path: string;
  face?: string;
  /** Read once: the collections are 15-20 MB. */
  data: Buffer;
}

/**
 * The font the papers embed, checked at start: without it the papers could not be printed in
 * Chinese, so the app refuses to start rather than fail when an officer needs them.
 */
export function loadPapersFont(configured: string | undefined): PapersFont {
  if (configured) {
    const [file, face] = configured.split('#');
    if (!fs.existsSync(file)) throw new ConfigError(`PAPERS_FONT_PATH ${file} does not exist`);
    return { path: file, face: face || undefined, data: fs.readFileSync(file) };
  }
  const found = FONT_CANDIDATES.find((c) => fs.existsSync(c.path));
  if (!found) {
    throw new ConfigError(
      `no Chinese font for the seizure papers: install ${FONT_PACKAGE} (apt-get install ${FONT_PACKAGE}) or set PAPERS_FONT_PATH; looked for ${FONT_CANDIDATES.map((c) => c.path).join(', ')}`,
    );
  }
  return { ...found, data: fs.readFileSync(found.path) };
}

/** What the papers say: the seal's case data and the seizure record. */
export interface PaperFacts {
  courtName: string;
  trafficPoliceUnit: string;
  caseNumber: string;
  ownerName: string | null;
  /** Full plate: the papers are legal documents. Never logged. */
  plate: string;
  vin: string | null;
  vehicle: string | null;
  sealedAt: Date;
  seizedAt: Date;
  place: string;
  keysCount: number;
  registrationCertificate: boolean;
  vehicleCondition: string;
  odometerKm: number;
  drivenBy: string;
  yardName: string;
  yardAddress: string | null;
  dailyRateFen: number;
  debtorResponse: string;
  photos: number;
  recordedBy: string;
  note: string | null;
  timeZone: string;
}

const DEBTOR_RESPONSE_ZH: Record<string, string> = { paid_in_full: '全额履行', settlement: '达成和解', refused: '拒不履行' };

function localTime(at: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}年${p.month}月${p.day}日 ${p.hour}:${p.minute}`;
}

function localDate(at: Date, timeZone: string): string {
  return localTime(at, timeZone).split(' ')[0];
}

/** Renders one paper as PDF bytes, with the font subset embedded. */
export async function renderPaper(kind: PaperKind, facts: PaperFacts, font: PapersFont): Promise<Buffer> {
  // Loaded with the first paper, not at start: pdfkit with fontkit and its tables is about a
  // tenth of what court-gateway evaluates at start (measured, docs/testing.md), and an instance
  // may print no paper for hours. Node caches the module after the first paper.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margins: { top: 64, bottom: 64, left: 72, right: 72 }, info: { Title: `${PAPER_TITLE[kind]} ${facts.caseNumber}`, Author: facts.courtName } });
  doc.registerFont('cjk', font.data, font.face);
  doc.font('cjk');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.fontSize(18).text(facts.courtName, { align: 'center' });
  doc.moveDown(0.3).fontSize(22).text(PAPER_TITLE[kind], { align: 'center', characterSpacing: 4 });
  doc.moveDown(0.3).fontSize(12).text(facts.caseNumber, { align: 'right' });
  doc.moveDown(1);
  if (kind === PaperKind.AssistanceNotice) assistanceNotice(doc, facts);
  else inventory(doc, facts);
  doc.end();
  return done;
}

function assistanceNotice(doc: PDFKit.PDFDocument, f: PaperFacts): void {
  const vehicle = [`号牌号码 ${f.plate}`, f.vin ? `车辆识别代号 ${f.vin}` : null, f.vehicle].filter(Boolean).join('，');
  doc.fontSize(13).text(`${f.trafficPoliceUnit}：`);
  doc.moveDown(0.5);
  doc.text(
    `本院在执行${f.caseNumber}一案中，已于${localDate(f.sealedAt, f.timeZone)}依法查封被执行人${f.ownerName ?? '（见案卷）'}名下的机动车（${vehicle}），` +
      `并于${localTime(f.seizedAt, f.timeZone)}在${f.place}依法扣押该车，现停放于${f.yardName}${f.yardAddress ? `（${f.yardAddress}）` : ''}。` +
      `依照《中华人民共和国民事诉讼法》的有关规定，请协助执行下列事项：`,
    { indent: 26, lineGap: 6 },
  );
  doc.moveDown(0.5);
  const items = ['在查封、扣押期间不予办理该车辆的过户、抵押登记等手续；', '该车辆如有违法记录或其他限制登记，请告知本院；', '本通知书送达后，请将协助执行情况书面回复本院。'];
  items.forEach((item, i) => doc.text(`${i + 1}. ${item}`, { indent: 26, lineGap: 6 }));
  doc.moveDown(2);
  doc.text(f.courtName, { align: 'right' });
  doc.text(localDate(f.seizedAt, f.timeZone), { align: 'right' });
  doc.moveDown(2).fontSize(10).text(`经办：${f.recordedBy}`);
}

function inventory(doc: PDFKit.PDFDocument, f: PaperFacts): void {
  const rows: [string, string][] = [
    ['案号', f.caseNumber],
    ['被执行人', f.ownerName ?? '—'],
    ['号牌号码', f.plate],
    ['车辆识别代号', f.vin ?? '—'],
    ['车辆', f.vehicle ?? '—'],
    ['扣押时间', localTime(f.seizedAt, f.timeZone)],
    ['扣押地点', f.place],
    ['车钥匙', `${f.keysCount} 把`],
    ['行驶证', f.registrationCertificate ? '已扣押' : '未扣押'],
    ['车况', f.vehicleCondition],
    ['里程表读数', `${f.odometerKm} 公里`],
    ['驾驶人（移车）', f.drivenBy],
    ['停放场所', f.yardName + (f.yardAddress ? `（${f.yardAddress}）` : '')],
    ['停放费标准', `每日 ${yuan(f.dailyRateFen)} 元`],
    ['被执行人态度', DEBTOR_RESPONSE_ZH[f.debtorResponse] ?? f.debtorResponse],
    ['现场照片', `${f.photos} 张`],
    ['备注', f.note ?? '—'],
  ];
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const labelWidth = 120;
  doc.fontSize(12);
  for (const [label, value] of rows) {
    const y = doc.y;
    const height = Math.max(doc.heightOfString(value, { width: width - labelWidth - 12 }), doc.heightOfString(label, { width: labelWidth - 12 })) + 10;
    doc.rect(left, y, labelWidth, height).stroke();
    doc.rect(left + labelWidth, y, width - labelWidth, height).stroke();
    doc.text(label, left + 6, y + 5, { width: labelWidth - 12 });
    doc.text(value, left + labelWidth + 6, y + 5, { width: width - labelWidth - 12 });
    doc.x = left;
    doc.y = y + height;
  }
  doc.moveDown(2);
  doc.text(`执行人员（签名）：${f.recordedBy}`, left);
  doc.moveDown(1).text('被执行人（签名）：', left);
  doc.moveDown(1).text('见证人（签名）：', left);
  doc.moveDown(1).text(`${f.courtName}  ${localDate(f.seizedAt, f.timeZone)}`, { align: 'right' });
}
