import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Serves the dispatch desk (/desk) and the leadership reports (/reports), built into `webDir`
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
}
