import { Module } from '@nestjs/common';
import { SessionController, UsersController } from './accounts.controller';
import { AccountsService } from './accounts.service';

@Module({
  controllers: [SessionController, UsersController],
  providers: [AccountsService],
  exports: [AccountsService],
})
export class AccountsModule {}
