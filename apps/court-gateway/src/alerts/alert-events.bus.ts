import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { AlertChangesChannel } from './alert-changes.channel';

/**
 * Tells every court-gateway instance that an alert changed. `announce` runs inside the
 * transaction of the change and each instance listens (through PostgreSQL, AlertChangesChannel),
 * so a desk connected to any instance sees changes made by all, and only changes that committed.
 */
@Injectable()
export class AlertEventsBus implements OnModuleInit, OnModuleDestroy {
  private readonly changes = new Subject<string>();

  constructor(private readonly channel: AlertChangesChannel) {}

  async onModuleInit(): Promise<void> {
    await this.channel.listen((id) => this.changes.next(id));
  }

  async onModuleDestroy(): Promise<void> {
    this.changes.complete();
    await this.channel.close();
  }

  /** Alert ids as their changes commit, on this instance and every other. */
  get alertChanges(): Observable<string> {
    return this.changes.asObservable();
  }

  /** Inside the transaction of the change: the ids reach every listener when (and only if) it commits. */
  async announce(alertIds: Iterable<string>): Promise<void> {
    await this.channel.notify([...new Set(alertIds)]);
  }
}
