import { Global, Module } from '@nestjs/common';
import { OfficerPositionRepository } from './officer-position.repository';

/** Shared positions, for the positions API and for `nearest` routing (roster). */
@Global()
@Module({ providers: [OfficerPositionRepository], exports: [OfficerPositionRepository] })
export class PositionStoreModule {}
