// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ocdp_instances', table => {
    table
      .text('status_message')
      .nullable()
      .comment('Why the instance is failed or missing, in words');
    table
      .text('last_precheck')
      .nullable()
      .comment('JSON report of the pre-flight run before the last change');
    table
      .string('kubernetes_id', 63)
      .nullable()
      .comment('backstage.io/kubernetes-id of its workloads');
    table
      .integer('version')
      .notNullable()
      .defaultTo(1)
      .comment('Optimistic concurrency version, bumped by every change');
    table.index(['cluster', 'status'], 'ocdp_instances_cluster_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ocdp_instances', table => {
    table.dropIndex(['cluster', 'status'], 'ocdp_instances_cluster_status_idx');
    table.dropColumn('status_message');
    table.dropColumn('last_precheck');
    table.dropColumn('kubernetes_id');
    table.dropColumn('version');
  });
};
