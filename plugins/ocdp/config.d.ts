export interface Config {
  ocdp?: {
    quota?: {
      /**
       * ResourceQuota keys of the GPU resources tenants may get, e.g. `requests.nvidia.com/gpu`,
       * `requests.nvidia.com/gpumem`, `requests.nvidia.com/mig-1g.10gb`. The quota form has one
       * field per key; a blank one means 0. Defaults to
       * `['requests.nvidia.com/gpu', 'requests.nvidia.com/gpumem']`.
       *
       * @visibility frontend
       */
      gpuResourceKeys?: string[];
    };
  };
}
