import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@ocdp/plugin-ocdp-backend',
  'migrations',
);

/** Applies the plugin's shipped knex migrations unless the database service says to skip them. */
export async function applyDatabaseMigrations(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({ directory: migrationsDir });
  }
  return client;
}

/** Migrates a bare knex client, for tests. */
export async function migrateClient(client: Knex): Promise<void> {
  await client.migrate.latest({ directory: migrationsDir });
}
