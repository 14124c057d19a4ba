import {
  OcdpInstance,
  OcdpInstanceStatus,
  OcdpPrecheckReport,
  Values,
} from '@ocdp/plugin-ocdp-common';

/** What is recorded when an instance is made. */
export type NewInstance = Omit<
  OcdpInstance,
  'createdAt' | 'updatedAt' | 'version' | 'statusMessage'
> & { lastPrecheck?: OcdpPrecheckReport };

/** Which instances to list; `tenants` limits to those tenants (undefined: every tenant). */
export interface InstanceFilter {
  tenants?: readonly string[];
  tenant?: string;
  cluster?: string;
  status?: OcdpInstanceStatus;
}

/** A change a user makes: new values (and the pre-flight that allowed them). */
export interface InstanceValuesChange {
  values: Values;
  lastPrecheck?: OcdpPrecheckReport;
}

/** Storage of model instances; the database is their source of truth. */
export interface InstanceStore {
  /** @throws ConflictError when the release name is taken in that namespace. */
  create(instance: NewInstance): Promise<OcdpInstance>;
  get(id: string): Promise<OcdpInstance | undefined>;
  lastPrecheck(id: string): Promise<OcdpPrecheckReport | undefined>;
  list(filter?: InstanceFilter): Promise<OcdpInstance[]>;
  /**
   * Stores new values and bumps the version.
   * @throws ConflictError when `expectedVersion` is given and stale; NotFoundError when unknown.
   */
  updateValues(
    id: string,
    change: InstanceValuesChange,
    expectedVersion?: number,
  ): Promise<OcdpInstance>;
  /** Records what the cluster says; does not bump the version. False when unknown. */
  setStatus(
    id: string,
    status: OcdpInstanceStatus,
    message?: string,
  ): Promise<boolean>;
  /** False when unknown. */
  delete(id: string): Promise<boolean>;
}
