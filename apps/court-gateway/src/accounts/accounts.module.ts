import { Global, Module } from '@nestjs/common';
import { SessionController, UsersController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { UserRepository } from './user.repository';

/**
 * Global because the platform's AuthModule builds its own AccountsService (the person directory
 * that signs people in), and that instance needs the UserRepository too.
 */
@Global()
@Module({
  controllers: [SessionController, UsersController],
  providers: [AccountsService, UserRepository],
  exports: [AccountsService, UserRepository],
})
export class AccountsModule {}
