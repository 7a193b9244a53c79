// Before any decorated class loads: entities need their design-type metadata.
import 'reflect-metadata';
import { dataSourceOptions, migrateUnderLock } from '@app/platform';
import { DataSource } from 'typeorm';
import { COURT_ENTITIES, COURT_MIGRATIONS } from '../apps/court-gateway/src/app.module';
import { COURT_SCHEMA } from '../apps/court-gateway/src/config/court-gateway.env';
import { TRAFFIC_ENTITIES, TRAFFIC_MIGRATIONS } from '../apps/traffic-adapter/src/app.module';
import { TRAFFIC_SCHEMA } from '../apps/traffic-adapter/src/config/traffic-adapter.env';
import { TestDatabase } from './support/test-database';

/**
 * Foreign keys between the Alert (an EntitySchema, so its domain class imports no TypeORM) and
 * decorated entities. TypeORM builds the metadata of the two kinds in separate passes, so neither
 * side can name the other in a foreign key: the schema builder would drop these. They are checked
 * here against the database instead, definition and all.
 */
const FOREIGN_KEYS_ACROSS_ENTITY_KINDS: Record<string, string> = {
  'alerts.alerts_seizure_id_fkey': 'FOREIGN KEY (seizure_id) REFERENCES court.seizures(id)',
  'alerts.alerts_team_id_fkey': 'FOREIGN KEY (team_id) REFERENCES court.teams(id)',
  'alerts.alerts_assignee_id_fkey': 'FOREIGN KEY (assignee_id) REFERENCES court.officers(id)',
  'alert_timeline.alert_timeline_alert_id_fkey': 'FOREIGN KEY (alert_id) REFERENCES court.alerts(id)',
  'hits.hits_alert_id_fkey': 'FOREIGN KEY (alert_id) REFERENCES court.alerts(id)',
  'interceptions.interceptions_alert_id_fkey': 'FOREIGN KEY (alert_id) REFERENCES court.alerts(id)',
  'sla_breaches.sla_breaches_alert_id_fkey': 'FOREIGN KEY (alert_id) REFERENCES court.alerts(id)',
  'sla_warnings.sla_warnings_alert_id_fkey': 'FOREIGN KEY (alert_id) REFERENCES court.alerts(id)',
  'alert_escalations.alert_escalations_alert_id_fkey': 'FOREIGN KEY (alert_id) REFERENCES court.alerts(id)',
  'notifications.notifications_alert_id_fkey': 'FOREIGN KEY (alert_id) REFERENCES court.alerts(id)',
  'impounds.impounds_alert_id_fkey': 'FOREIGN KEY (alert_id) REFERENCES court.alerts(id)',
};

/** Tables no entity maps (none: a new table comes with its entity). */
const TABLES_WITHOUT_ENTITY: Record<string, string[]> = {
  [COURT_SCHEMA]: [],
  [TRAFFIC_SCHEMA]: [],
};

const APPS = [
  { schema: COURT_SCHEMA, entities: COURT_ENTITIES, migrations: COURT_MIGRATIONS },
  { schema: TRAFFIC_SCHEMA, entities: TRAFFIC_ENTITIES, migrations: TRAFFIC_MIGRATIONS },
];

/**
 * The migrations are the schema; the entities say what the code believes it is. Each app's
 * migrations run on an empty database the way the app runs them at start, then TypeORM's schema
 * builder (what `migration:generate --check` runs) lists what it would change to make the
 * database match the entities: that list must be empty. A column, index, constraint or table
 * added to one side only fails here, before it fails a query in production.
 */
describe('migrations and entities agree (npm run check:migrations)', () => {
  let db: TestDatabase;
  const sources = new Map<string, DataSource>();

  beforeAll(async () => {
    db = await TestDatabase.create('drift', { empty: true });
    for (const app of APPS) {
      const source = await new DataSource(dataSourceOptions({ url: db.url, ssl: false, ...app })).initialize();
      sources.set(app.schema, source);
      await migrateUnderLock(source, app.schema);
    }
  });

  afterAll(async () => {
    for (const source of sources.values()) await source.destroy();
    await db?.drop();
  });

  it.each(APPS.map((a) => a.schema))('%s: the schema builder finds nothing to change', async (schema) => {
    const log = await sources.get(schema)!.driver.createSchemaBuilder().log();
    const across = Object.keys(FOREIGN_KEYS_ACROSS_ENTITY_KINDS).map((k) => k.split('.'));
    const pending = log.upQueries
      .map((q) => q.query)
      .filter((sql) => !across.some(([table, name]) => sql === `ALTER TABLE "${schema}"."${table}" DROP CONSTRAINT "${name}"`));
    expect(pending).toEqual([]);
  });

  it('the foreign keys between the Alert and decorated entities are as the migrations made them', async () => {
    const rows = await db.query<{ key: string; def: string }>(
      `SELECT c.relname || '.' || con.conname AS key, pg_get_constraintdef(con.oid) AS def
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND con.contype = 'f'`,
      [COURT_SCHEMA],
    );
    const found = Object.fromEntries(rows.map((r) => [r.key, r.def]));
    for (const [key, def] of Object.entries(FOREIGN_KEYS_ACROSS_ENTITY_KINDS)) expect({ key, def: found[key] }).toEqual({ key, def });
  });

  it.each(APPS.map((a) => a.schema))('%s: every table has an entity', async (schema) => {
    const mapped = new Set(sources.get(schema)!.entityMetadatas.map((m) => m.tableName));
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'migrations' ORDER BY 1`,
      [schema],
    );
    const unmapped = tables.map((t) => t.table_name).filter((t) => !mapped.has(t));
    expect(unmapped).toEqual(TABLES_WITHOUT_ENTITY[schema]);
  });
});
