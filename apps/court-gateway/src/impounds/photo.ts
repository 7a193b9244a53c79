import { gps, orientation } from 'exifr';

export type PhotoType = 'image/jpeg' | 'image/png';

export interface CleanPhoto {
  contentType: PhotoType;
  /** The image with every metadata segment removed (JPEG: only the orientation is written back). */
  data: Buffer;
  /** Where the camera says it was taken (EXIF GPS), before it was stripped. */
  gps: { lat: number; lon: number } | null;
}

/** The type by the first bytes (magic numbers), never by the file name or the declared type. */
export function photoTypeOf(data: Buffer): PhotoType | null {
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  return null;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export class NotAnImageError extends Error {}

/**
 * Reads the place from the EXIF GPS and returns the picture stripped of all other metadata
 * (camera, owner, times, thumbnails, comments, XMP, ICC). Reading EXIF is left to `exifr`, a
 * maintained parser of the many TIFF/EXIF variants phones write; removing metadata is a walk over
 * the container's segments, simple enough to own so that what is kept is decided here.
 */
export async function cleanPhoto(data: Buffer): Promise<CleanPhoto> {
  const type = photoTypeOf(data);
  if (!type) throw new NotAnImageError('not a JPEG or PNG');
  const place = await readGps(data);
  if (type === 'image/png') return { contentType: type, data: stripPng(data), gps: place };
  const turn = await orientation(data).catch(() => undefined);
  return { contentType: type, data: stripJpeg(data, typeof turn === 'number' && turn >= 2 && turn <= 8 ? turn : null), gps: place };
}

async function readGps(data: Buffer): Promise<{ lat: number; lon: number } | null> {
  const found = await gps(data).catch(() => undefined);
  if (!found) return null;
  const { latitude: lat, longitude: lon } = found;
  // A camera without a fix may write 0/0 or nonsense: that is no place.
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180 || (lat === 0 && lon === 0)) return null;
  return { lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 };
}

/**
 * JPEG: keeps the image segments (quantization and Huffman tables, frame, restart interval,
 * scan and entropy-coded data) and the JFIF header; drops APP1-APP15 (EXIF, XMP, ICC, maker
 * data) and comments. Phones store the rotation only in EXIF, so when there was one it is
 * written back as a minimal EXIF holding nothing but Orientation — otherwise photos turn sideways.
 */
export function stripJpeg(data: Buffer, keepOrientation: number | null = null): Buffer {
  const parts: Buffer[] = [data.subarray(0, 2)];
  if (keepOrientation) parts.push(orientationSegment(keepOrientation));
  let at = 2;
  for (;;) {
    if (at + 4 > data.length || data[at] !== 0xff) throw new NotAnImageError('broken JPEG segment structure');
    const marker = data[at + 1];
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) throw new NotAnImageError('JPEG ends before its image data');
    const length = data.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > data.length) throw new NotAnImageError('broken JPEG segment length');
    const segment = data.subarray(at, at + 2 + length);
    const isJfif = marker === 0xe0 && segment.subarray(4, 9).toString('latin1') === 'JFIF\0';
    const isMetadata = (marker >= 0xe0 && marker <= 0xef && !isJfif) || marker === 0xfe;
    if (marker === 0xda) {
      // Start of scan: everything from here is image data (later markers inside it are image data too).
      parts.push(data.subarray(at));
      return Buffer.concat(parts);
    }
    if (!isMetadata) parts.push(segment);
    at += 2 + length;
  }
}

/** APP1 with a big-endian TIFF holding one IFD of one entry: Orientation (0x0112, SHORT). */
function orientationSegment(value: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(value, 18);
  tiff.writeUInt32BE(0, 22);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xffe1, 0);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** PNG chunks that make the picture; text, time, EXIF (eXIf), ICC and every other ancillary chunk go. */
const PNG_KEEP = new Set(['IHDR', 'PLTE', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'sBIT', 'IDAT', 'IEND']);

export function stripPng(data: Buffer): Buffer {
  const parts: Buffer[] = [PNG_SIGNATURE];
  let at = 8;
  while (at + 12 <= data.length) {
    const length = data.readUInt32BE(at);
    const type = data.subarray(at + 4, at + 8).toString('latin1');
    const end = at + 12 + length;
    if (end > data.length) throw new NotAnImageError('broken PNG chunk length');
    if (PNG_KEEP.has(type)) parts.push(data.subarray(at, end));
    at = end;
    if (type === 'IEND') return Buffer.concat(parts);
  }
  throw new NotAnImageError('PNG ends without IEND');
}
