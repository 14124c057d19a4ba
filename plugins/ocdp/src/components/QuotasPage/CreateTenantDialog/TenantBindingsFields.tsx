import { Progress } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import { OcdpCluster } from '@ocdp/plugin-ocdp-common';
import {
  BindingFormErrors,
  BindingFormValues,
  ClusterBindingFields,
  emptyBindingForm,
} from '../shared';

/** The clusters of a new tenant: one block per cluster, add and remove. */
export const TenantBindingsFields = (props: {
  bindings: BindingFormValues[];
  errors: BindingFormErrors[];
  /** A problem of the list as a whole, e.g. no cluster at all. */
  listError?: string;
  clusters: OcdpCluster[];
  clustersLoading: boolean;
  /** The tenant name, which a blank namespace stands for. */
  tenantName: string;
  gpuResourceKeys: readonly string[];
  disabled: boolean;
  onChange: (bindings: BindingFormValues[]) => void;
}) => {
  const { bindings, errors, disabled, onChange } = props;
  return (
    <>
      <Typography variant="h6" component="h3" style={{ marginTop: 16 }}>
        Clusters
      </Typography>
      {props.listError && (
        <Typography variant="body2" color="error">
          {props.listError}
        </Typography>
      )}
      {props.clustersLoading && <Progress />}
      {bindings.map((binding, index) => (
        <ClusterBindingFields
          key={index}
          label={`Cluster ${index + 1}`}
          value={binding}
          errors={errors[index]}
          clusters={props.clusters}
          namespacePlaceholder={props.tenantName || 'the tenant name'}
          namespaceHint="Blank = the tenant name"
          gpuResourceKeys={props.gpuResourceKeys}
          disabled={disabled}
          onChange={value =>
            onChange(bindings.map((b, i) => (i === index ? value : b)))
          }
          onRemove={
            bindings.length > 1
              ? () => onChange(bindings.filter((_, i) => i !== index))
              : undefined
          }
        />
      ))}
      <Button
        startIcon={<AddIcon />}
        disabled={disabled}
        onClick={() => onChange([...bindings, emptyBindingForm()])}
      >
        Add cluster
      </Button>
    </>
  );
};
