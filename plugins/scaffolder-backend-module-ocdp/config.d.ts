export interface Config {
  ocdp?: {
    /**
     * What every release rendered for a cluster gets in its values (`ocdp:model:render-values`),
     * by cluster name. Each field is written where the chart profile keeps it; the user's
     * parameters are merged over it.
     */
    environments?: {
      [cluster: string]: {
        /** StorageClass of the model cache volume. */
        storageClass?: string;
        /** RuntimeClass of the pods (e.g. `nvidia`). */
        runtimeClassName?: string;
        /** Registry prefix put in front of image repositories (a mirror). */
        registryPrefix?: string;
        /** Names of image pull Secrets in the tenant namespace. */
        imagePullSecrets?: string[];
        /** Node selector of the pods. */
        nodeSelector?: { [label: string]: string };
        /** Tolerations of the pods. */
        tolerations?: Array<{
          key?: string;
          operator?: 'Exists' | 'Equal';
          value?: string;
          effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
          tolerationSeconds?: number;
        }>;
        /** IngressClass for the `ingress` exposure. */
        ingressClassName?: string;
        /** Labels added to the pods. */
        labels?: { [label: string]: string };
      };
    };
    /**
     * Chart profiles besides the built-in ones (`model-server`, `vllm-production-stack`,
     * `generic`), by name: where a chart keeps replicas, resources, GPUs, storage, exposure.
     * Checked field by field at start-up.
     */
    chartProfiles?: {
      [name: string]: object;
    };
    /**
     * Charts model instances are deployed from, by name (read by the OCDP backend, and by
     * `ocdp:model:deploy` in manifest mode for the HelmRelease's chart source and version).
     */
    charts?: {
      [name: string]: {
        /** The chart's directory: its values.yaml, values.schema.json and Chart.yaml version. */
        directory?: string;
        /** The chart's name in its repository (default: the key). */
        chart?: string;
        /** Chart version (default: Chart.yaml's in `directory`). */
        version?: string;
        /** Chart profile (default: the key). */
        profile?: string;
        /** The Flux source the HelmRelease names. */
        source: {
          kind: 'HelmRepository' | 'OCIRepository';
          name: string;
          namespace?: string;
        };
        /** Value paths tenants may not set. */
        deniedValuePaths?: string[];
      };
    };
  };
}
