// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ocdp_tenants', table => {
    table
      .timestamp('deleting_since', { useTz: true })
      .nullable()
      .comment(
        'Set when deletion started; the reconcile loop finishes the cluster cleanup',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ocdp_tenants', table => {
    table.dropColumn('deleting_since');
  });
};
