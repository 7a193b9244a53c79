import { ApiKeyRecord, AuditLogEntry, WebhookSignatureRecord } from '../auth/auth.entities';
import { InboxEntry, OutboxEntry } from '../outbox/outbox.entity';

/** The tables the platform's migrations helpers create in every app's schema (outbox, inbox, auth). */
export const PLATFORM_ENTITIES = [OutboxEntry, InboxEntry, ApiKeyRecord, AuditLogEntry, WebhookSignatureRecord];
