import { ApiProperty } from '@nestjs/swagger';
import { PERSON_ROLES, Role } from '@app/platform';
import type { WebPage } from '../web/web-pages';
import { OmitType, PartialType } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

const PASSWORD_MIN = 10;

export class LoginDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  username: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password: string;
}

export class CreateUserDto {
  /** Letters, digits, dot, dash, underscore; sign-in ignores case. */
  @Matches(/^[A-Za-z0-9._-]{2,64}$/, { message: 'username must be 2–64 letters, digits, dots, dashes or underscores' })
  username: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName: string;

  @IsString()
  @MinLength(PASSWORD_MIN, { message: `password must be at least ${PASSWORD_MIN} characters` })
  @MaxLength(200)
  password: string;

  /** dispatcher, officer, team_lead, duty_director, leadership, admin */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(PERSON_ROLES, { each: true, message: `each role must be one of: ${PERSON_ROLES.join(', ')}` })
  roles: Role[];

  /** The roster officer this person is (their team comes from the roster). */
  @IsOptional()
  @IsUUID()
  officerId?: string;

  /** The team, for a person who is not on the roster. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  teamId?: string;
}

/** Any field of a new account but the username, which is the account's name for good; and enabling or disabling it. */
export class UpdateUserDto extends PartialType(OmitType(CreateUserDto, ['username'] as const)) {
  /** true disables the account at once (its sessions stop working within seconds); false enables it again. */
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class UserView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  officerId: string | null;
  teamId: string | null;
  createdAt: string;
  disabledAt: string | null;
}

export class SignedInView {
  /** Send as `Authorization: Bearer …`; the desk and reports get the same as an HttpOnly cookie. */
  token: string;
  /** When the sign-in ends (AUTH_TOKEN_TTL_MINUTES after it). */
  expiresAt: string;
  user: UserView;
}

export class CallerView {
  /** `user` for a person, `api_key` for a system. */
  @ApiProperty({ enum: ['user', 'api_key'] })
  kind: 'user' | 'api_key';
  id: string;
  /** Username or key name. */
  name: string;
  displayName: string;
  @ApiProperty({ enum: Role, isArray: true })
  roles: Role[];
  /** The team a team-bound person belongs to. */
  teamId: string | null;
  /** The roster officer the person acts as. */
  officerId: string | null;
  /** The web pages the caller may use (the header offers only these). */
  @ApiProperty({ enum: ['desk', 'reports'], isArray: true })
  pages: WebPage[];
}
