/**
 * Fonts with Chinese glyphs from Debian's packages, first found wins: fonts-wqy-zenhei (also what
 * the browser tests use) and fonts-noto-cjk. A .ttc holds several faces; the name picks one.
 * Apart from the papers themselves, so that `npm start` can see to the font before court-gateway
 * starts without importing the app.
 */
export const FONT_CANDIDATES: { path: string; face?: string }[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', face: 'NotoSerifCJKsc-Regular' },
];

/** The Debian package that provides the first candidate. */
export const FONT_PACKAGE = 'fonts-wqy-zenhei';
