import { Injectable, Optional } from '@nestjs/common';
import { ApiKeysService } from './api-keys.service';
import { PersonDirectory } from './auth.settings';
import { Principal } from './roles';

/**
 * Whether a caller authenticated earlier still is who they were: for long-lived answers such
 * as the alert stream, which the guard checked only when it opened.
 */
@Injectable()
export class PrincipalValidity {
  constructor(
    private readonly keys: ApiKeysService,
    @Optional() private readonly directory?: PersonDirectory,
  ) {}

  async stillValid(principal: Principal): Promise<boolean> {
    if (principal.kind === 'api_key') return this.keys.isActive(principal.id);
    const account = await this.directory?.current(principal.id);
    return (
      !!account &&
      account.sessionGeneration === principal.sessionGeneration &&
      account.teamId === (principal.teamId ?? null) &&
      [...account.roles].sort().join() === [...principal.roles].sort().join()
    );
  }
}
