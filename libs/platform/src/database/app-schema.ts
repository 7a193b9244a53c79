/**
 * The app's PostgreSQL schema (`court`, `traffic`), checked to be a plain identifier: the one
 * value every platform repository names its tables with (outbox, inbox, API keys, audit log,
 * webhook signatures). Provided by DatabaseModule from the schema the app gives PlatformModule.
 */
export const APP_SCHEMA = Symbol('APP_SCHEMA');
