import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  ClusterValuesOverlay,
  KUBERNETES_ID_LABEL,
  OcdpInstance,
  OcdpInstanceDetails,
  OcdpInstanceEvent,
  OcdpPrecheckOperation,
  OcdpPrecheckReport,
  OcdpTenant,
  Values,
  assertRenderedValues,
  helmReleaseManifest,
  instanceEntityName,
  renderValues,
  withWorkloadLabels,
} from '@ocdp/plugin-ocdp-common';
import { describeKubeError } from '@ocdp/plugin-ocdp-node';
import { randomUUID } from 'node:crypto';
import { PrecheckService } from '../precheck/PrecheckService';
import { HelmReleaseClient } from './HelmReleaseClient';
import { InstanceRefusedError } from './InstanceRefusedError';
import { InstanceFilter, InstanceStore } from './InstanceStore';
import { instanceStatusOf } from './instanceStatus';
import { CreateInstanceInput, InstanceChange } from './parseInstanceRequests';
import { InstanceChart } from './readInstanceCharts';
import { setReplicas } from './setReplicas';

export interface InstanceServiceOptions {
  store: InstanceStore;
  precheck: PrecheckService;
  releases: HelmReleaseClient;
  charts: Record<string, InstanceChart>;
  environments: Readonly<Record<string, ClusterValuesOverlay>>;
  logger: LoggerService;
  /** Told of every instance made, changed or removed (the catalog provider listens). */
  notify?: (change: OcdpInstanceEvent) => Promise<void>;
}

/**
 * Model instances: each change is checked by the pre-flight first (a refusal applies nothing),
 * recorded in the database, then applied to the cluster as a Flux HelmRelease; a failed apply
 * is undone in the database, so the record never claims what the cluster does not run.
 */
export class InstanceService {
  constructor(private readonly options: InstanceServiceOptions) {}

  list(filter: InstanceFilter): Promise<OcdpInstance[]> {
    return this.options.store.list(filter);
  }

  async get(id: string): Promise<OcdpInstance> {
    const instance = await this.options.store.get(id);
    if (!instance) throw new NotFoundError(`instance "${id}" does not exist`);
    return instance;
  }

  async details(instance: OcdpInstance): Promise<OcdpInstanceDetails> {
    const [live, lastPrecheck] = await Promise.all([
      this.options.releases.liveState(
        instance.cluster,
        instance.namespace,
        instance.name,
      ),
      this.options.store.lastPrecheck(instance.id),
    ]);
    return { ...instance, live, ...(lastPrecheck ? { lastPrecheck } : {}) };
  }

  private chart(name: string): InstanceChart {
    const chart = Object.prototype.hasOwnProperty.call(
      this.options.charts,
      name,
    )
      ? this.options.charts[name]
      : undefined;
    if (!chart) {
      const known = Object.keys(this.options.charts);
      throw new InputError(
        `chart: "${name}" is not a configured chart${
          known.length ? `; known charts: ${known.join(', ')}` : ''
        }`,
      );
    }
    return chart;
  }

  /** Base ← overlay ← user values, checked against the chart's schema and denied paths, labelled. */
  private values(
    chart: InstanceChart,
    base: Values,
    overlay: ClusterValuesOverlay | undefined,
    user: Values,
    kubernetesId: string,
  ): Values {
    const rendered = renderValues({
      profile: chart.profile,
      chartDefaults: base,
      ...(overlay ? { overlay } : {}),
      userParams: user,
      ...(chart.schema ? { schema: chart.schema } : {}),
      deniedPaths: chart.deniedValuePaths,
    });
    assertRenderedValues({
      ...rendered,
      errors: rendered.errors.map(e => `values.${e}`),
    });
    return withWorkloadLabels(rendered.values, chart.profile, {
      [KUBERNETES_ID_LABEL]: kubernetesId,
    });
  }

  private async precheck(
    tenant: OcdpTenant,
    instance: Pick<OcdpInstance, 'cluster' | 'name'>,
    chart: InstanceChart,
    operation: OcdpPrecheckOperation,
    values: Values,
    replicas?: number,
  ): Promise<OcdpPrecheckReport> {
    const input = {
      tenant: tenant.name,
      cluster: instance.cluster,
      release: instance.name,
      profileName: chart.profileName,
      profile: chart.profile,
      source: { kind: 'values' as const, values },
    };
    let report: OcdpPrecheckReport;
    try {
      report = await this.options.precheck.check(
        {
          ...input,
          operation,
          ...(replicas !== undefined ? { replicas } : {}),
        },
        tenant,
      );
    } catch (error) {
      // a release whose pods are not there yet is checked as what it will be
      if (operation === 'install' || (error as Error).name !== 'NotFoundError')
        throw error;
      report = await this.options.precheck.check(
        { ...input, operation: 'install' },
        tenant,
      );
    }
    if (!report.ok) {
      throw new InstanceRefusedError(
        `the pre-flight check refused this ${operation}: ${report.reasons.join(
          '; ',
        )}`,
        report,
      );
    }
    return report;
  }

  private async apply(instance: OcdpInstance, chart: InstanceChart) {
    await this.options.releases.apply(
      instance.cluster,
      helmReleaseManifest({
        instanceId: instance.id,
        name: instance.name,
        namespace: instance.namespace,
        tenant: instance.tenant,
        chart: chart.name,
        ...(instance.chartVersion
          ? { chartVersion: instance.chartVersion }
          : {}),
        source: chart.source,
        values: instance.values,
      }),
    );
  }

  private unavailable(instance: OcdpInstance, what: string, error: unknown) {
    return new ServiceUnavailableError(
      `cluster "${instance.cluster}" did not take the ${what} of "${
        instance.name
      }": ${describeKubeError(error)}; nothing was changed`,
    );
  }

  async create(
    input: CreateInstanceInput,
    tenant: OcdpTenant,
    owner: string,
  ): Promise<OcdpInstance> {
    const { store, releases, logger } = this.options;
    const binding = tenant.bindings.find(b => b.cluster === input.cluster);
    if (!binding) {
      throw new NotFoundError(
        `tenant "${tenant.name}" has no namespace on cluster "${input.cluster}"`,
      );
    }
    const chart = this.chart(input.chart);
    const kubernetesId = instanceEntityName(
      input.name,
      tenant.name,
      input.cluster,
    );
    const values = this.values(
      chart,
      chart.defaults,
      this.options.environments[input.cluster],
      input.values,
      kubernetesId,
    );
    const target = { cluster: input.cluster, name: input.name };
    const report = await this.precheck(
      tenant,
      target,
      chart,
      'install',
      values,
    );
    const existing = await releases
      .read(input.cluster, binding.namespace, input.name)
      .catch(error => {
        throw new ServiceUnavailableError(
          `cluster "${input.cluster}" cannot be reached: ${describeKubeError(
            error,
          )}`,
        );
      });
    if (existing) {
      throw new ConflictError(
        `a HelmRelease "${input.name}" already exists in namespace "${binding.namespace}" on cluster "${input.cluster}"; choose another name`,
      );
    }
    const instance = await store.create({
      id: randomUUID(),
      name: input.name,
      tenant: tenant.name,
      cluster: input.cluster,
      namespace: binding.namespace,
      owner,
      chart: input.chart,
      ...(chart.version ? { chartVersion: chart.version } : {}),
      profile: chart.profileName,
      values,
      status: 'pending',
      entityRef: `component:default/${kubernetesId}`,
      kubernetesId,
      lastPrecheck: report,
    });
    try {
      await this.apply(instance, chart);
    } catch (error) {
      await releases
        .delete(instance.cluster, instance.namespace, instance.name)
        .catch(cleanup =>
          logger.warn(
            `could not remove HelmRelease ${instance.namespace}/${
              instance.name
            } after a failed deploy: ${describeKubeError(cleanup)}`,
          ),
        );
      await store.delete(instance.id);
      throw this.unavailable(instance, 'deploy', error);
    }
    await store.setStatus(instance.id, 'deploying');
    const created = (await store.get(instance.id))!;
    await this.tell('created', created);
    return created;
  }

  private async tell(
    action: OcdpInstanceEvent['action'],
    instance: OcdpInstance,
  ): Promise<void> {
    try {
      await this.options.notify?.({ action, instance });
    } catch (error) {
      // the catalog's scheduled full refresh catches up
      this.options.logger.warn(
        `instance ${instance.id} ${action}, but the catalog was not told: ${
          (error as Error).message
        }`,
      );
    }
  }

  /** Scales or changes values; the pre-flight runs on the result first. */
  async change(
    instance: OcdpInstance,
    tenant: OcdpTenant,
    change: InstanceChange,
    expectedVersion?: number,
  ): Promise<OcdpInstance> {
    const { store } = this.options;
    const chart = this.chart(instance.chart);
    const values =
      change.kind === 'scale'
        ? setReplicas(instance.values, chart.profile, change.replicas)
        : this.values(
            chart,
            instance.values,
            undefined,
            change.values,
            instance.kubernetesId,
          );
    const report =
      change.kind === 'scale'
        ? await this.precheck(
            tenant,
            instance,
            chart,
            'scale',
            values,
            change.replicas,
          )
        : await this.precheck(tenant, instance, chart, 'upgrade', values);
    const updated = await store.updateValues(
      instance.id,
      { values, lastPrecheck: report },
      expectedVersion ?? instance.version,
    );
    try {
      await this.apply(updated, chart);
    } catch (error) {
      await store.updateValues(instance.id, { values: instance.values });
      throw this.unavailable(
        instance,
        change.kind === 'scale' ? 'scale' : 'upgrade',
        error,
      );
    }
    await store.setStatus(instance.id, 'deploying');
    const changed = (await store.get(instance.id))!;
    await this.tell('changed', changed);
    return changed;
  }

  /** Removes the HelmRelease (Flux uninstalls the release), then the record. */
  async delete(instance: OcdpInstance): Promise<void> {
    try {
      await this.options.releases.delete(
        instance.cluster,
        instance.namespace,
        instance.name,
      );
    } catch (error) {
      throw this.unavailable(instance, 'deletion', error);
    }
    await this.options.store.delete(instance.id);
    await this.tell('deleted', instance);
  }

  /** Brings every instance's status in line with its HelmRelease; a cluster that is down is skipped. */
  async refreshStatuses(): Promise<{ changed: number; unreachable: number }> {
    const { store, releases, logger } = this.options;
    let changed = 0;
    let unreachable = 0;
    for (const instance of await store.list()) {
      let release;
      try {
        release = await releases.read(
          instance.cluster,
          instance.namespace,
          instance.name,
        );
      } catch (error) {
        unreachable++;
        logger.debug(
          `instance ${instance.id}: cluster "${
            instance.cluster
          }" not read: ${describeKubeError(error)}`,
        );
        continue;
      }
      if (!release && instance.status === 'pending') {
        // the process stopped between recording and applying: finish the deploy
        try {
          await this.apply(instance, this.chart(instance.chart));
          await store.setStatus(instance.id, 'deploying');
          changed++;
        } catch (error) {
          logger.warn(
            `instance ${instance.id}: deploy not finished: ${describeKubeError(
              error,
            )}`,
          );
        }
        continue;
      }
      const { status, message } = instanceStatusOf(release);
      if (status !== instance.status || message !== instance.statusMessage) {
        await store.setStatus(instance.id, status, message);
        changed++;
      }
    }
    return { changed, unreachable };
  }
}
