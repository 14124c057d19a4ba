// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('ocdp_instances', table => {
    table.comment(
      'Model instances deployed through OCDP; a tenant that owns any cannot be deleted',
    );
    table.string('id', 64).primary().notNullable();
    table
      .string('tenant_name', 63)
      .notNullable()
      .references('name')
      .inTable('ocdp_tenants')
      .onDelete('RESTRICT');
    table.string('cluster', 63).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('release_name', 53).notNullable();
    table.string('owner_ref').notNullable();
    table.string('chart').notNullable();
    table.string('chart_version').nullable();
    table.string('profile').nullable();
    table
      .text('values')
      .notNullable()
      .defaultTo('{}')
      .comment('JSON Helm values');
    table
      .text('footprint')
      .nullable()
      .comment('JSON footprint of the last pre-flight check');
    table.string('status', 32).notNullable().defaultTo('pending');
    table.string('entity_ref').nullable();
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.unique(['cluster', 'namespace', 'release_name'], {
      indexName: 'ocdp_instances_release_uniq',
    });
    table.index(['tenant_name'], 'ocdp_instances_tenant_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ocdp_instances');
};
