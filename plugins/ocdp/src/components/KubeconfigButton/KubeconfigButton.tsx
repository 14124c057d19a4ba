import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { ocdpApiRef } from '../../api';
import { errorMessage } from '../../utils/errorMessage';

/** Hands the browser a file to save, without keeping it anywhere. */
function saveFile(name: string, text: string) {
  const url = URL.createObjectURL(
    new Blob([text], { type: 'application/yaml' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/**
 * Downloads a kubeconfig for the tenant's namespace on one cluster: a short-lived token that
 * works in that namespace only. Offered once the binding is synced.
 */
export const KubeconfigButton = (props: {
  tenant: string;
  cluster: string;
  disabled?: boolean;
}) => {
  const { tenant, cluster, disabled } = props;
  const ocdpApi = useApi(ocdpApiRef);
  const [state, setState] = useState<
    | { kind: 'idle' }
    | { kind: 'busy' }
    | { kind: 'done'; expiresAt?: string }
    | { kind: 'error'; message: string }
  >({ kind: 'idle' });

  const download = async () => {
    setState({ kind: 'busy' });
    try {
      const issued = await ocdpApi.downloadKubeconfig(tenant, cluster);
      saveFile(`kubeconfig-${tenant}-${cluster}.yaml`, issued.kubeconfig);
      setState({ kind: 'done', expiresAt: issued.expiresAt });
    } catch (error) {
      setState({ kind: 'error', message: errorMessage(error) });
    }
  };

  return (
    <>
      <Tooltip title="A kubeconfig whose token works in this namespace only, for an hour or so">
        <span>
          <Button
            size="small"
            variant="outlined"
            onClick={download}
            disabled={disabled || state.kind === 'busy'}
            aria-label={`Download a kubeconfig for ${tenant} on ${cluster}`}
          >
            Kubeconfig
          </Button>
        </span>
      </Tooltip>
      {state.kind === 'done' && state.expiresAt && (
        <Typography variant="caption" color="textSecondary" role="status">
          token valid until {new Date(state.expiresAt).toLocaleTimeString()}
        </Typography>
      )}
      {state.kind === 'error' && (
        <Typography variant="caption" color="error" role="alert">
          {state.message}
        </Typography>
      )}
    </>
  );
};
