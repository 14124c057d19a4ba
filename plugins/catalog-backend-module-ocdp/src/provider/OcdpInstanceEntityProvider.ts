import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import {
  ChartProfile,
  OCDP_INSTANCE_EVENTS_TOPIC,
  OcdpInstance,
  OcdpInstanceEvent,
} from '@ocdp/plugin-ocdp-common';
import { instanceToEntity } from './instanceToEntity';
import { InstanceReader } from './readInstances';

const PROVIDER_NAME = 'ocdp-instances';
const ACTIONS: OcdpInstanceEvent['action'][] = [
  'created',
  'changed',
  'deleted',
];

function isInstanceEvent(payload: unknown): payload is OcdpInstanceEvent {
  const event = payload as Partial<OcdpInstanceEvent> | undefined;
  return (
    typeof event === 'object' &&
    event !== null &&
    ACTIONS.includes(event.action!) &&
    typeof event.instance?.id === 'string' &&
    typeof event.instance?.kubernetesId === 'string'
  );
}

export interface OcdpInstanceEntityProviderOptions {
  reader: InstanceReader;
  scheduler: SchedulerService;
  events: EventsService;
  logger: LoggerService;
  schedule: SchedulerServiceTaskScheduleDefinition;
  system?: string;
  chartProfiles?: Readonly<Record<string, ChartProfile>>;
}

/**
 * Publishes every OCDP model instance as a `Component` of type `model-instance`: all of them on a
 * schedule (read from `GET /api/ocdp/instances` as this plugin's service), and each create, change
 * or delete at once from the `ocdp.instances` events topic.
 *
 * @public
 */
export class OcdpInstanceEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(private readonly options: OcdpInstanceEntityProviderOptions) {}

  getProviderName(): string {
    return PROVIDER_NAME;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.scheduler.scheduleTask({
      id: `${PROVIDER_NAME}:refresh`,
      ...this.options.schedule,
      fn: async signal => {
        await this.refresh(signal);
      },
    });
    await this.options.events.subscribe({
      id: PROVIDER_NAME,
      topics: [OCDP_INSTANCE_EVENTS_TOPIC],
      onEvent: params => this.onEvent(params),
    });
  }

  private async deferred(instances: OcdpInstance[]): Promise<DeferredEntity[]> {
    const baseUrl = await this.options.reader.baseUrl();
    return instances.map(instance => ({
      entity: instanceToEntity(instance, {
        baseUrl,
        system: this.options.system,
        chartProfiles: this.options.chartProfiles,
      }),
      locationKey: PROVIDER_NAME,
    }));
  }

  /** Replaces every entity of this provider with the instances the backend lists now. */
  async refresh(signal?: AbortSignal): Promise<number> {
    const connection = this.requireConnection();
    const instances = await this.options.reader.list(signal);
    await connection.applyMutation({
      type: 'full',
      entities: await this.deferred(instances),
    });
    this.options.logger.info(
      `Published ${instances.length} OCDP model instance(s) in the catalog`,
    );
    return instances.length;
  }

  /** Adds, replaces or removes the entity of one instance. */
  async onEvent(params: EventParams): Promise<void> {
    if (!this.connection) return;
    if (!isInstanceEvent(params.eventPayload)) {
      this.options.logger.warn(
        `Ignored an event on ${params.topic} that is not an instance change`,
      );
      return;
    }
    const { action, instance } = params.eventPayload;
    const [entity] = await this.deferred([instance]);
    await this.connection.applyMutation(
      action === 'deleted'
        ? { type: 'delta', added: [], removed: [entity] }
        : { type: 'delta', added: [entity], removed: [] },
    );
    this.options.logger.info(
      `Model instance ${action}: ${stringifyEntityRef(entity.entity)}`,
    );
  }

  private requireConnection(): EntityProviderConnection {
    if (!this.connection) {
      throw new Error(`${PROVIDER_NAME} is not connected to the catalog yet`);
    }
    return this.connection;
  }
}
