import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'exifr';
import { cleanPhoto, NotAnImageError, photoTypeOf } from './photo';

/** Fixtures made by cjpeg + exiftool and Python (test/fixtures/impound/README.md), not by this code. */
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../../../test/fixtures/impound', name));

describe('seizure photos', () => {
  it('knows the type by content, not by name', () => {
    expect(photoTypeOf(fixture('car-gps.jpg'))).toBe('image/jpeg');
    expect(photoTypeOf(fixture('png-text.png'))).toBe('image/png');
    expect(photoTypeOf(Buffer.from('%PDF-1.7 pretending to be car.jpg'))).toBeNull();
  });

  it('keeps the EXIF GPS as the place and strips every other metadata, the orientation excepted', async () => {
    const original = fixture('car-gps.jpg');
    const clean = await cleanPhoto(original);
    expect(clean.contentType).toBe('image/jpeg');
    expect(clean.gps).toEqual({ lat: 21.686111, lon: 108.355278 });
    const text = clean.data.toString('latin1');
    for (const leaked of ['TestPhoneMaker', 'TP-1', 'Owner Name', '2026:03:02', 'secret comment', 'xmp creator']) expect(text).not.toContain(leaked);
    const left = await parse(clean.data, { tiff: true, exif: true, gps: true, xmp: true, iptc: true, icc: true });
    expect(left).toEqual({ Orientation: 'Rotate 90 CW' });
    // The image data itself is untouched: the scan onwards is byte for byte the original's.
    const scan = original.indexOf(Buffer.from([0xff, 0xda]));
    expect(clean.data.subarray(clean.data.indexOf(Buffer.from([0xff, 0xda])))).toEqual(original.subarray(scan));
  });

  it('passes a photo without metadata through with no place', async () => {
    const clean = await cleanPhoto(fixture('car-plain.jpg'));
    expect(clean.gps).toBeNull();
    expect(clean.data.equals(fixture('car-plain.jpg'))).toBe(true);
  });

  it('drops PNG text chunks', async () => {
    const clean = await cleanPhoto(fixture('png-text.png'));
    expect(clean.data.toString('latin1')).not.toContain('png author');
    expect(clean.data.subarray(0, 8)).toEqual(fixture('png-text.png').subarray(0, 8));
  });

  it('refuses what is not an image, or a JPEG cut short', async () => {
    await expect(cleanPhoto(Buffer.from('GIF89a not allowed'))).rejects.toBeInstanceOf(NotAnImageError);
    await expect(cleanPhoto(fixture('car-gps.jpg').subarray(0, 300))).rejects.toBeInstanceOf(NotAnImageError);
  });
});
