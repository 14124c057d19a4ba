/*
 * PostgreSQL helpers for the benchmarks: check the server answers, and drop the databases a
 * benchmark backend created.
 */
const knex = require('knex');

const PG_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const DEFAULT_CONNECTION = 'postgresql://postgres@127.0.0.1:5432';

function connectionString() {
  return process.env[PG_ENV] || DEFAULT_CONNECTION;
}

/** A knex client on the maintenance database `postgres` of the server. */
function adminClient() {
  const url = new URL(connectionString());
  url.pathname = '/postgres';
  return knex({
    client: 'pg',
    connection: url.href,
    pool: { min: 0, max: 1 },
    acquireConnectionTimeout: 5000,
  });
}

/** Where the server is, without any credentials, for messages. */
function describeServer() {
  const url = new URL(connectionString());
  return `${url.hostname}:${url.port || 5432}`;
}

/** Resolves to the server version; rejects with a clear message when PostgreSQL does not answer. */
async function checkPostgres() {
  const db = adminClient();
  try {
    const { rows } = await db.raw('show server_version');
    return rows[0].server_version;
  } catch (error) {
    throw new Error(
      `PostgreSQL is required for this benchmark and does not answer at ${describeServer()} ` +
        `(${error.message}). Start it, or set ${PG_ENV}.`,
    );
  } finally {
    await db.destroy();
  }
}

/** Drops every database whose name starts with `prefix`; returns their names. */
async function dropDatabasesWithPrefix(prefix) {
  const db = adminClient();
  try {
    const { rows } = await db.raw(
      'select datname from pg_database where starts_with(datname, ?)',
      [prefix],
    );
    for (const { datname } of rows) {
      await db.raw('drop database if exists ?? with (force)', [datname]);
    }
    return rows.map(r => r.datname);
  } finally {
    await db.destroy();
  }
}

module.exports = {
  PG_ENV,
  connectionString,
  checkPostgres,
  dropDatabasesWithPrefix,
};
