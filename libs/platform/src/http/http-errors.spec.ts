import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import type { ArgumentsHost } from '@nestjs/common';
import { DomainError, ErrorCode } from '@app/contracts';
import { HttpErrorFilter } from './exception.filter';

/**
 * A refusal the desk shows must carry a code its dictionaries translate (DomainError, mapped by
 * the HTTP filter), never an English sentence alone: the desk's default language is Chinese. This
 * reads every source of both apps and of libs/platform (whose guard and services answer for both)
 * and fails on a Nest HTTP exception (any `…Exception` imported from @nestjs/common) whose message
 * is a string: a literal, a template, a concatenation, or anything else the type checker says is
 * a string. A list of messages naming fields (the shape the validation pipe answers with) is
 * allowed. GA/T 1400's /VIID routes answer with ViidError in the standard's own form, not checked here.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const CHECKED = ['apps/court-gateway/src', 'apps/traffic-adapter/src', 'libs/platform/src'].map((dir) => path.join(ROOT, dir));

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Names this file imports from @nestjs/common that are exception classes. */
function nestExceptionsImported(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || (statement.moduleSpecifier as ts.StringLiteral).text !== '@nestjs/common') continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) if (element.name.text.endsWith('Exception')) names.add(element.name.text);
  }
  return names;
}

/** `throw new XException(message …)` sites whose message is (or may be) a bare string, as file:line: code. */
function bareStringExceptions(files: string[]): string[] {
  // The sources alone (noResolve: packages' types read as any) and ES5's lib: a message's type comes
  // from our own code or from String/Array methods, and the check takes seconds, not the tens a full program would.
  const program = ts.createProgram(files, { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, experimentalDecorators: true, noEmit: true, skipLibCheck: true, types: [], noResolve: true, lib: ['lib.es5.d.ts'], baseUrl: ROOT, paths: { '@app/contracts': ['libs/contracts/src'], '@app/platform': ['libs/platform/src'] } });
  const checker = program.getTypeChecker();
  const found: string[] = [];
  const isStringy = (node: ts.Expression): boolean => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) return true;
    const type = checker.getTypeAtLocation(node);
    const parts = type.isUnion() ? type.types : [type];
    return parts.some((t) => (t.flags & ts.TypeFlags.StringLike) !== 0);
  };
  for (const fileName of files) {
    const file = program.getSourceFile(fileName)!;
    const exceptions = nestExceptionsImported(file);
    if (exceptions.size === 0) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && exceptions.has(node.expression.text)) {
        const message = node.arguments?.[0];
        // No argument: Nest's own English status text ("Not Found"), with no code either.
        if (!message || isStringy(message)) {
          const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
          found.push(`${path.relative(ROOT, fileName)}:${line + 1}: ${node.getText(file)}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

describe('refusals carry codes (both apps and libs/platform)', () => {
  const files = CHECKED.flatMap(sourcesUnder);

  it('reads the sources it means to check', () => {
    expect(files.length).toBeGreaterThan(250);
    for (const known of ['apps/court-gateway/src/reports/reports.service.ts', 'apps/traffic-adapter/src/checkpoints/checkpoints.service.ts', 'libs/platform/src/auth/auth.guard.ts']) {
      expect(files).toContain(path.join(ROOT, known));
    }
  });

  it('throws no Nest HTTP exception with a bare string message (use DomainError(code, { field, params }))', () => {
    expect(bareStringExceptions(files)).toEqual([]);
  });

  it('would catch one: a literal, a template, a string variable and no message at all', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-errors-'));
    const probe = path.join(dir, 'probe.ts');
    fs.writeFileSync(
      probe,
      [
        `import { BadRequestException, ConflictException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';`,
        `export function a(id: string, why: string) {`,
        `  if (id === '1') throw new NotFoundException(\`team \${id} not found\`);`,
        `  if (id === '2') throw new ServiceUnavailableException('not configured');`,
        `  if (id === '3') throw new ConflictException(why);`,
        `  if (id === '4') throw new NotFoundException();`,
        `  throw new BadRequestException([\`id must be a team id, not \${id}\`]);`,
        `}`,
      ].join('\n'),
    );
    try {
      expect(bareStringExceptions([probe]).map((line) => line.replace(/^.*probe\.ts:/, ''))).toEqual([
        '3: new NotFoundException(`team ${id} not found`)',
        "4: new ServiceUnavailableException('not configured')",
        '5: new ConflictException(why)',
        '6: new NotFoundException()',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  /** What the HTTP filter answers for a DomainError: status and body. */
  async function answer(error: DomainError): Promise<{ status: number; body: Record<string, unknown> }> {
    const sent = { status: 0, body: {} as Record<string, unknown> };
    const response = { headersSent: false, status: (code: number) => ((sent.status = code), response), json: (body: Record<string, unknown>) => (sent.body = body) };
    const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ method: 'GET', path: '/' }) }) } as unknown as ArgumentsHost;
    await new HttpErrorFilter().catch(error, host);
    return sent;
  }

  it.each([
    [ErrorCode.SignInNotConfigured, {}, 503],
    [ErrorCode.PushNotConfigured, {}, 503],
    [ErrorCode.TeamExists, { id: 'fangcheng', name: '防城法庭' }, 409],
    [ErrorCode.BadgeTaken, { badge: 'FC-1001' }, 409],
    [ErrorCode.JurisdictionTaken, { checkpoint: 'FCG-K07' }, 409],
    [ErrorCode.ReportNotStored, { period: 'month', start: '2026-02-01', team: 'all' }, 404],
    [ErrorCode.AuthRequired, {}, 401],
    [ErrorCode.ApiKeyNotRecognised, {}, 401],
    [ErrorCode.SessionInvalid, {}, 401],
    [ErrorCode.RoleNotAllowed, { caller: 'case system', roles: 'case_system', action: 'alerts.list', needed: 'admin, dispatcher' }, 403],
    [ErrorCode.EndpointClosed, { action: 'alerts.list' }, 403],
    [ErrorCode.WebhookNotConfigured, {}, 503],
    [ErrorCode.SignatureRequired, { signatureHeader: 'X-Signature', timestampHeader: 'X-Timestamp' }, 401],
    [ErrorCode.SignatureInvalid, { signatureHeader: 'X-Signature', timestampHeader: 'X-Timestamp' }, 401],
    [ErrorCode.SignatureReplayed, {}, 401],
    [ErrorCode.ApiKeyRolesNotAllowed, { roles: 'traffic_system', allowed: 'admin, case_system' }, 400],
    [ErrorCode.ApiKeyNotFound, { id: '6f1c2a9e-0000-4000-8000-000000000000' }, 404],
    [ErrorCode.CheckpointCameraTaken, { camera: 'FCG-K01-B', checkpoint: 'FCG-K01' }, 409],
    [ErrorCode.CheckpointCamerasTaken, { taken: 'FCG-K01-B (checkpoint FCG-K01), FCG-K02-A (checkpoint FCG-K02)' }, 409],
  ])('answers %s with the status it had as an HTTP exception, and its code', async (code, params, status) => {
    const { status: sent, body } = await answer(new DomainError(code, { params }));
    expect(sent).toBe(status);
    expect(body).toMatchObject({ statusCode: status, code, params });
    expect(body.message).toEqual([expect.any(String)]);
  });
});
