import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import type { ArgumentsHost } from '@nestjs/common';
import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { DomainError, ErrorCode, problem, Problem, RequestProblems, VALIDATION_RULES } from '@app/contracts';
import { HttpErrorFilter } from './exception.filter';

/**
 * A refusal the desk shows must carry a code its dictionaries translate (DomainError, mapped by
 * the HTTP filter), never an English sentence alone: the desk's default language is Chinese. This
 * reads every source of both apps and of libs/platform (whose guard and services answer for both)
 * and fails on
 * - a Nest HTTP exception (any `…Exception` imported from @nestjs/common) thrown at all: a string
 *   message has no code, and neither has a list of sentences (it was how validation-shaped 400s
 *   came back, English only). Refuse with DomainError(code, { field, params }) or, for what is
 *   wrong with the request's form, RequestProblems (each problem with its field and code);
 * - Nest's own parameter pipes (ParseIntPipe, ParseUUIDPipe, ParseEnumPipe, …), which answer an
 *   English sentence without a code or the parameter's name (libs/platform/src/http/params.ts has ours);
 * - a DomainError whose params hold English text the translations cannot (`roles || 'no roles'`).
 * GA/T 1400's /VIID routes answer with ViidError in the standard's own form, not checked here.
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

/** Nest's parameter pipes this file imports from @nestjs/common. */
function nestPipesImported(file: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || (statement.moduleSpecifier as ts.StringLiteral).text !== '@nestjs/common') continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) if (NEST_PIPES.has(element.name.text)) names.push(element.name.text);
  }
  return names;
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

const ZH = fs.readFileSync(path.join(ROOT, 'apps/court-gateway/web/i18n/zh-CN.js'), 'utf8');

/** The placeholders the Chinese dictionary fills for an error code (null when the code is unknown: then every value counts). */
function zhPlaceholders(code: string | undefined): Set<string> | null {
  if (!code) return null;
  const entry = new RegExp(`^\\s*'error\\.${code.replace(/\./g, '\\.')}':\\s*'((?:[^'\\\\]|\\\\.)*)'`, 'm').exec(ZH);
  return entry ? new Set([...entry[1].matchAll(/\{(\w+)/g)].map((m) => m[1])) : null;
}

/** Nest's parameter pipes: their refusals are English sentences without a code or the parameter's name. */
const NEST_PIPES = new Set(['ParseIntPipe', 'ParseFloatPipe', 'ParseBoolPipe', 'ParseUUIDPipe', 'ParseEnumPipe', 'ParseArrayPipe', 'ParseDatePipe', 'ParseFilePipe', 'DefaultValuePipe']);

/** `new XException(…)` sites, Nest pipes imported, and DomainError params with English text, as file:line: code. */
function uncodedRefusals(files: string[]): string[] {
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
  /** A string literal (or a template) among a `||` / `??` / `?:` expression's possible values: English the dictionaries cannot translate. */
  const englishFallback = (node: ts.Expression): boolean => {
    if (ts.isParenthesizedExpression(node)) return englishFallback(node.expression);
    if (ts.isBinaryExpression(node) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(node.operatorToken.kind)) {
      return isLiteralText(node.right) || englishFallback(node.left) || englishFallback(node.right);
    }
    if (ts.isConditionalExpression(node)) return isLiteralText(node.whenTrue) || isLiteralText(node.whenFalse);
    return false;
  };
  const isLiteralText = (node: ts.Expression): boolean => (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && /[A-Za-z]{2,}\s+[A-Za-z]/.test(node.text);
  for (const fileName of files) {
    const file = program.getSourceFile(fileName)!;
    const exceptions = nestExceptionsImported(file);
    const at = (node: ts.Node) => `${path.relative(ROOT, fileName)}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}: ${node.getText(file)}`;
    for (const pipe of nestPipesImported(file)) found.push(`${path.relative(ROOT, fileName)}: imports ${pipe} from @nestjs/common`);
    const visit = (node: ts.Node): void => {
      // Any argument or none: a string has no code, a list of sentences none either, no argument is Nest's English status text.
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && exceptions.has(node.expression.text)) found.push(at(node));
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'DomainError') {
        // Only values the Chinese page shows: a value only the English names (`attempt`) may be English.
        const codeName = node.arguments?.[0] && ts.isPropertyAccessExpression(node.arguments[0]) ? node.arguments[0].name.text : '';
        const shown = zhPlaceholders(ErrorCode[codeName as keyof typeof ErrorCode]);
        const options = node.arguments?.[1];
        const params = options && ts.isObjectLiteralExpression(options) ? options.properties.find((p) => p.name?.getText(file) === 'params') : undefined;
        const literal = params && ts.isPropertyAssignment(params) && ts.isObjectLiteralExpression(params.initializer) ? params.initializer : undefined;
        for (const property of literal?.properties ?? []) {
          if (!ts.isPropertyAssignment(property) || (shown && !shown.has(property.name.getText(file)))) continue;
          if (isLiteralText(property.initializer) || englishFallback(property.initializer)) found.push(at(property));
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  // The message need not be a string to be caught now; the type check stays for messages built elsewhere.
  void isStringy;
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

  it("throws no Nest HTTP exception and uses none of Nest's parameter pipes (use DomainError(code, { field, params }) or RequestProblems)", () => {
    expect(uncodedRefusals(files)).toEqual([]);
  });

  it('would catch one: a literal, a template, a string variable, no message, a list of sentences, a Nest pipe and English in params', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-errors-'));
    const probe = path.join(dir, 'probe.ts');
    fs.writeFileSync(
      probe,
      [
        `import { BadGatewayException, BadRequestException, ConflictException, NotFoundException, ParseUUIDPipe, ServiceUnavailableException } from '@nestjs/common';`,
        `import { DomainError, ErrorCode } from '@app/contracts';`,
        `export function a(id: string, why: string, roles: string[]) {`,
        `  if (id === '1') throw new NotFoundException(\`team \${id} not found\`);`,
        `  if (id === '2') throw new ServiceUnavailableException('not configured');`,
        `  if (id === '3') throw new ConflictException(why);`,
        `  if (id === '4') throw new NotFoundException();`,
        `  if (id === '5') throw new BadGatewayException({ statusCode: 502, message: [why] });`,
        `  if (id === '6') throw new DomainError(ErrorCode.RoleNotAllowed, { params: { roles: roles.join(', ') || 'no roles', caller: 'x' } });`,
        `  throw new BadRequestException([\`id must be a team id, not \${id}\`]);`,
        `}`,
        `export const pipe = ParseUUIDPipe;`,
      ].join('\n'),
    );
    try {
      expect(uncodedRefusals([probe]).map((line) => line.replace(/^.*probe\.ts:?/, ''))).toEqual([
        ' imports ParseUUIDPipe from @nestjs/common',
        '4: new NotFoundException(`team ${id} not found`)',
        "5: new ServiceUnavailableException('not configured')",
        '6: new ConflictException(why)',
        '7: new NotFoundException()',
        '8: new BadGatewayException({ statusCode: 502, message: [why] })',
        "9: roles: roles.join(', ') || 'no roles'",
        '10: new BadRequestException([`id must be a team id, not ${id}`])',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  /** What the HTTP filter answers for an error: status and body. */
  async function answer(error: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const sent = { status: 0, body: {} as Record<string, unknown> };
    const response = { headersSent: false, status: (code: number) => ((sent.status = code), response), json: (body: Record<string, unknown>) => (sent.body = body) };
    const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ method: 'GET', path: '/nowhere' }) }) } as unknown as ArgumentsHost;
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
    [ErrorCode.NoRoles, { caller: 'API key old-feed', action: 'sightings.intake', needed: 'admin, traffic_system' }, 403],
    [ErrorCode.WatchlistSourceUnreachable, { reason: 'court-gateway answered 503' }, 502],
  ])('answers %s with the status it had as an HTTP exception, and its code', async (code, params, status) => {
    const { status: sent, body } = await answer(new DomainError(code, { params }));
    expect(sent).toBe(status);
    expect(body).toMatchObject({ statusCode: status, code, params });
    expect(body.message).toEqual([expect.any(String)]);
  });

  it.each<[string, unknown, number, string]>([
    ['an unknown route', new NotFoundException('Cannot GET /nowhere'), 404, Problem.RouteNotFound],
    ['the throttler', new HttpException('ThrottlerException: Too Many Requests', 429), 429, Problem.RateLimited],
    ['a library\'s list of sentences', new BadRequestException(['something is wrong']), 400, Problem.Refused],
    ['malformed JSON (as Nest maps body-parser\'s SyntaxError)', new BadRequestException('Expected double-quoted property name in JSON at position 19'), 400, Problem.BodyNotJson],
    ['a path with broken percent-encoding (as Nest maps Express\'s URIError)', new BadRequestException("Failed to decode param '%E0%A4%A'"), 400, Problem.NotUtf8],
    ['malformed JSON (body-parser)', Object.assign(new Error('Unexpected token'), { status: 400, type: 'entity.parse.failed' }), 400, Problem.BodyNotJson],
    ['a body that is not the gzip it claims (body-parser, zlib)', Object.assign(new Error('incorrect header check'), { status: 400, code: 'Z_DATA_ERROR' }), 400, Problem.BodyNotDecodable],
    ['an oversized body (body-parser)', Object.assign(new Error('too large'), { status: 413, type: 'entity.too.large' }), 413, Problem.BodyTooLarge],
    ['an unsupported charset (body-parser)', Object.assign(new Error('unsupported charset "KOI8-R"'), { status: 415, type: 'charset.unsupported' }), 415, Problem.EncodingUnsupported],
  ])('gives %s a code and a field, the English kept', async (_what, error, status, code) => {
    const { status: sent, body } = await answer(error);
    expect(sent).toBe(status);
    expect(body).toMatchObject({ statusCode: status, code, field: expect.any(String), errors: [expect.objectContaining({ code })] });
    expect(body.message).toEqual([expect.any(String)]);
  });

  it('answers a request refused for several problems with each one\'s field and code, and validation.failed', async () => {
    const problems = [problem('validation.not_string', 'plate', 'plate must be a string'), problem('validation.too_large', 'location.lat', 'location.lat must not be greater than 90', { max: 90 })];
    const { status, body } = await answer(new RequestProblems(problems));
    expect(status).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'validation.failed', field: 'plate', params: { count: 2 }, message: ['plate must be a string', 'location.lat must not be greater than 90'] });
    expect(body.errors).toEqual(problems);
    const one = await answer(new RequestProblems([problems[1]]));
    expect(one.body).toMatchObject({ code: 'validation.too_large', field: 'location.lat', params: { field: 'location.lat', max: 90 } });
  });

  it('lists the first 20 of thousands of problems and how many more, in message and errors alike (the count is all of them)', async () => {
    const problems = Array.from({ length: 70_000 }, (_, i) => problem('validation.unknown_field', `k${i}`, `property k${i} should not exist`));
    const refused = new RequestProblems(problems);
    expect(refused.message.split('; ')).toHaveLength(21);
    const { status, body } = await answer(refused);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'validation.failed', field: 'k0', params: { count: 70_000 } });
    expect(body.message).toEqual([...problems.slice(0, 20).map((p) => p.message), '… and 69980 more problems']);
    expect(body.errors).toEqual([...problems.slice(0, 20), { field: '', code: Problem.MoreProblems, message: '… and 69980 more problems', params: { field: '', count: 69_980 } }]);
  });

  type Rule = { type: string; name?: string; propertyName: string; each?: boolean };
  /** Every class with validation rules, loaded so that class-validator's storage knows them, with its own rules. */
  function validatedClasses(): Map<new () => object, Rule[]> {
    for (const file of files) if (/from 'class-validator'/.test(fs.readFileSync(file, 'utf8')) && !/\bbootstrap|main\.ts$/.test(file)) require(file); // eslint-disable-line @typescript-eslint/no-require-imports -- loads each class for its decorators' side effect
    return (getMetadataStorage() as unknown as { validationMetadatas: Map<new () => object, Rule[]> }).validationMetadatas;
  }

  it('has a code for every validation rule the DTOs, payloads and queries of both apps use', () => {
    const used = new Set<string>();
    for (const metadata of validatedClasses().values()) for (const m of metadata) if (m.type === 'customValidation' && m.name) used.add(m.name);
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((rule) => !VALIDATION_RULES[rule]).sort()).toEqual([]);
  });

  it('checks that a nested object is one: ValidateNested alone lets an array of them through', () => {
    const loose: string[] = [];
    for (const [cls, metadata] of validatedClasses()) {
      for (const nested of metadata.filter((m) => m.type === 'nestedValidation' && !m.each)) {
        const own = metadata.filter((m) => m.propertyName === nested.propertyName);
        if (!own.some((m) => m.name === 'isObject' || m.name === 'isArray')) loose.push(`${cls.name}.${nested.propertyName}`);
      }
    }
    expect(loose).toEqual([]);
  });

  it("keeps a base class's rules on a property a subclass decorates again (class-validator drops the base's custom rules there)", () => {
    const classes = validatedClasses();
    const lost: string[] = [];
    for (const [cls, metadata] of classes) {
      const effective = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
      for (let base = Object.getPrototypeOf(cls); base && base !== Function.prototype; base = Object.getPrototypeOf(base)) {
        for (const rule of (classes.get(base) ?? []).filter((r) => r.type === 'customValidation' && metadata.some((m) => m.propertyName === r.propertyName))) {
          if (!effective.some((m) => m.propertyName === rule.propertyName && m.name === rule.name)) lost.push(`${cls.name}.${rule.propertyName}: ${rule.name} of ${base.name}`);
        }
      }
    }
    expect(lost).toEqual([]);
  });
});
