import { DomainError, ErrorCode } from '@app/contracts';
import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { Allow, ApiItemsResponse, AuditTarget, AuthenticatedRequest, Clock, CurrentPrincipal, ParseUuidParamPipe, Principal, Public, Role, SESSION_COOKIE, SESSION_TOKENS, SessionTokens } from '@app/platform';
import type { Response } from 'express';
import { CallerView, CreateUserDto, LoginDto, SignedInView, UpdateUserDto, UserView } from './account.dto';
import { AccountsService } from './accounts.service';
import { pagesFor } from '../web/web-pages';

/** Guessing passwords from one address is slowed to this many tries a minute. */
const LOGIN_TRIES_PER_MINUTE = 20;

@ApiTags('auth')
@Controller('api/v1/auth')
@AuditTarget('user')
export class SessionController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly clock: Clock,
    @Inject(SESSION_TOKENS) private readonly tokens: SessionTokens | null,
  ) {}

  /**
   * `{ username, password }`. The answer holds the token (send it as `Authorization: Bearer …`)
   * and sets the same as an HttpOnly, SameSite=Strict cookie for the desk and reports. 20 tries
   * a minute per address; 401 for a wrong password or a disabled account; 503 where
   * AUTH_TOKEN_SECRET is not set.
   */
  @Post('login')
  @Public()
  @ApiOkResponse({ type: SignedInView, description: 'Signed in' })
  @HttpCode(200)
  @Throttle({ default: { limit: LOGIN_TRIES_PER_MINUTE, ttl: 60_000 } })
  @ApiOperation({ summary: 'Sign a person in: a bearer token in the answer and the same as an HttpOnly session cookie (for the desk and reports)' })
  async login(@Body() dto: LoginDto, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response): Promise<SignedInView> {
    if (!this.tokens) throw new DomainError(ErrorCode.SignInNotConfigured);
    const signedIn = await this.accounts.signIn(dto.username, dto.password);
    if (!signedIn) throw new DomainError(ErrorCode.SignInRefused);
    req.principal = signedIn.person; // the audit log names who signed in
    const now = this.clock.now();
    const { token, expiresAt } = this.tokens.issue(signedIn.person, signedIn.sessionGeneration, now);
    // maxAge, not an Expires date: the browser must not weigh our clock against its own.
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: expiresAt.getTime() - now.getTime() });
    return { token, expiresAt: expiresAt.toISOString(), user: signedIn.user };
  }

  /** Moves the account's session generation on, so every token it holds stops working at once; clears the cookie. Harmless without a session. */
  @Post('logout')
  @Public()
  @ApiNoContentResponse({ description: 'Signed out' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: ends every session of the signed-in person (all devices) and forgets the cookie' })
  async logout(@CurrentPrincipal() principal: Principal | undefined, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (principal?.kind === 'user') await this.accounts.signOut(principal.id);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  /** For a person the account's display name; for a key its name. What the desk shows in its header. */
  @Get('me')
  @ApiOkResponse({ type: CallerView, description: 'The caller' })
  @Allow(...Object.values(Role))
  @ApiOperation({ summary: 'Who the caller is: roles, team, roster officer (and, for a person, the account)' })
  async me(@CurrentPrincipal() principal: Principal): Promise<CallerView> {
    const account = principal.kind === 'user' ? await this.accounts.view(principal.id) : null;
    return {
      kind: principal.kind, id: principal.id, name: principal.name, displayName: account?.displayName ?? principal.name, roles: principal.roles,
      teamId: principal.teamId ?? null, officerId: principal.officerId ?? null, pages: pagesFor(principal.roles),
    };
  }
}

@ApiTags('admin')
@Controller('api/v1/admin/users')
@AuditTarget('user')
@Allow(Role.Admin)
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  /** Team-bound roles (officer, team_lead) need an officerId (their roster officer, whose team they get) or a teamId. The password is stored as a scrypt hash. */
  @Post()
  @ApiOperation({ summary: 'Create a person’s account with roles (and their roster officer or team)' })
  @ApiCreatedResponse({ type: UserView, description: 'The new account (never its password)' })
  @ApiConflictResponse({ description: 'The username is taken (`account.username_taken`; sign-in ignores case), also when another request created it at the same moment' })
  create(@Body() dto: CreateUserDto): Promise<UserView> {
    return this.accounts.create(dto);
  }

  /** Never the passwords. */
  @Get()
  @ApiOperation({ summary: 'Every account' })
  @ApiItemsResponse(UserView, 'Every account, by username')
  async list(): Promise<{ items: UserView[] }> {
    return { items: await this.accounts.list() };
  }

  /** Only the fields sent change; disabling, a new password or new roles take effect on the person's next request. */
  @Patch(':id')
  @ApiOperation({ summary: 'Change roles, team, password; disable or enable' })
  update(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.accounts.update(id, dto);
  }
}
