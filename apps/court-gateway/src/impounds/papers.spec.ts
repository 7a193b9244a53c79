import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPapersFont, PaperFacts, PaperKind, renderPaper } from './papers';

/** The text a reader gets out of the PDF, by poppler's pdftotext (installed by scripts/prepare-test.ts), not by our code. */
function pdfText(pdf: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'papers-')), 'paper.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe('seizure papers (PDF)', () => {
  const font = loadPapersFont(undefined);
  const facts: PaperFacts = {
    courtName: '防城港市防城区人民法院', trafficPoliceUnit: '防城港市公安局交通警察支队车辆管理所', caseNumber: '(2025)桂0603执1234号',
    ownerName: '王某', plate: '桂P12345', vin: 'LSVAU2180N2123456', vehicle: '大众 朗逸 白', sealedAt: new Date('2025-06-01T02:00:00Z'),
    seizedAt: new Date('2026-03-02T02:25:00Z'), place: '防城区防钦路口', keysCount: 2, registrationCertificate: true, vehicleCondition: '左前门划痕',
    odometerKm: 86512, drivenBy: '陈法警', yardName: '防城区交警大队停车场', yardAddress: '防钦路', dailyRateFen: 2000, debtorResponse: 'refused', photos: 2,
    recordedBy: '李法官 (FC-1001)', note: null, timeZone: 'Asia/Shanghai',
  };

  it('prints the 扣押清单 with its Chinese text extractable: case, plate, VIN, yard, what was taken', async () => {
    const pdf = await renderPaper(PaperKind.Inventory, facts, font);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf).replace(/\s+/g, '');
    for (const expected of ['扣押清单', '(2025)桂0603执1234号', '桂P12345', 'LSVAU2180N2123456', '防城区交警大队停车场', '2026年03月02日10:25', '86512公里', '已扣押', '拒不履行', '20.00元']) {
      expect(text).toContain(expected.replace(/\s+/g, ''));
    }
  });

  it('prints the 协助执行通知书 to the traffic police with the seal and the yard', async () => {
    const text = pdfText(await renderPaper(PaperKind.AssistanceNotice, facts, font)).replace(/\s+/g, '');
    for (const expected of ['协助执行通知书', '防城港市公安局交通警察支队车辆管理所', '(2025)桂0603执1234号', '桂P12345', '2025年06月01日', '防城区交警大队停车场']) expect(text).toContain(expected);
  });

  it('refuses to start with a font path that does not exist', () => {
    expect(() => loadPapersFont('/nowhere/font.ttc')).toThrow('PAPERS_FONT_PATH /nowhere/font.ttc does not exist');
  });
});
