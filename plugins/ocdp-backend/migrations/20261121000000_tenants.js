// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('ocdp_tenants', table => {
    table.comment(
      'OCDP tenants: a user or team with a namespace and quota per cluster',
    );
    table.string('name', 63).primary().notNullable().comment('DNS-1123 label');
    table
      .string('owner_ref')
      .notNullable()
      .comment('user:… or group:… entity ref');
    table.boolean('personal').notNullable().defaultTo(false);
    table.string('created_by').notNullable();
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.index(['owner_ref'], 'ocdp_tenants_owner_ref_idx');
  });
  await knex.schema.createTable('ocdp_tenant_bindings', table => {
    table.comment(
      'One binding of a tenant to a cluster: namespace, quota spec and sync status',
    );
    table
      .string('tenant_name', 63)
      .notNullable()
      .references('name')
      .inTable('ocdp_tenants')
      .onDelete('CASCADE');
    table.string('cluster', 63).notNullable();
    table.string('namespace', 63).notNullable();
    table
      .text('quota')
      .notNullable()
      .comment('JSON ResourceQuota hard map, canonical quantities');
    table.string('sync_status', 16).notNullable().defaultTo('pending');
    table.text('last_error').nullable();
    table.timestamp('last_synced_at', { useTz: true }).nullable();
    table.integer('version').notNullable().defaultTo(1);
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.primary(['tenant_name', 'cluster']);
    table.unique(['cluster', 'namespace'], {
      indexName: 'ocdp_bindings_cluster_namespace_uniq',
    });
    table.index(['sync_status'], 'ocdp_bindings_sync_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ocdp_tenant_bindings');
  await knex.schema.dropTable('ocdp_tenants');
};
