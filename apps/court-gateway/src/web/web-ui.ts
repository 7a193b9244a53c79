import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Serves the dispatch desk (/desk), the leadership reports (/reports) and the officers' phone app
 * (/phone/: page, manifest and service worker at the app's scope), built into `webDir`
 * by scripts/build-web.ts (`npm run build`). Everything the pages load comes from here: no
 * CDN, no map tiles, no web fonts.
 */
export function serveWebUi(app: NestExpressApplication, webDir: string): void {
  const root = path.resolve(webDir);
  if (!fs.existsSync(path.join(root, 'desk.html'))) {
    new Logger('WebUi').warn(`no web pages in ${root}: run npm run build to serve /desk and /reports`);
    return;
  }
  app.useStaticAssets(root, { prefix: '/web/', index: false, maxAge: 0 });
  const express = app.getHttpAdapter().getInstance();
  const page = (file: string) => (_req: unknown, res: { sendFile(p: string): void }) => res.sendFile(path.join(root, file));
  express.get('/desk', page('desk.html'));
  express.get('/reports', page('reports.html'));
  // The phone app lives under /phone/ so that its service worker's scope covers it and nothing else.
  // Express routes /phone and /phone/ alike: only the bare one is sent on to the scope's URL.
  express.get('/phone/', (req: { originalUrl: string }, res: { redirect(status: number, to: string): void; sendFile(p: string): void }) =>
    req.originalUrl.split('?')[0].endsWith('/') ? res.sendFile(path.join(root, 'phone', 'index.html')) : res.redirect(301, '/phone/'),
  );
  express.get('/phone/manifest.webmanifest', (_req: unknown, res: { type(t: string): void; sendFile(p: string): void }) => {
    res.type('application/manifest+json');
    res.sendFile(path.join(root, 'phone', 'manifest.webmanifest'));
  });
  // Never cached: a new worker must reach phones at their next visit.
  express.get('/phone/sw.js', (_req: unknown, res: { set(h: Record<string, string>): void; sendFile(p: string): void }) => {
    res.set({ 'Cache-Control': 'no-cache', 'Content-Type': 'text/javascript; charset=utf-8' });
    res.sendFile(path.join(root, 'phone', 'sw.js'));
  });
}
