import Box from '@material-ui/core/Box';
import InputAdornment from '@material-ui/core/InputAdornment';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import SearchIcon from '@material-ui/icons/Search';
import { useState } from 'react';
import { useClusters } from '../../../hooks/useClusters';

const ALL = '';

/**
 * The admin table's search box and cluster filter. The cluster list is only loaded when the
 * filter is opened.
 */
export const TenantFilters = (props: {
  search: string;
  cluster: string;
  onSearchChange: (search: string) => void;
  onClusterChange: (cluster: string) => void;
}) => {
  const { search, cluster, onSearchChange, onClusterChange } = props;
  const [opened, setOpened] = useState(!!cluster);
  const { clusters, loading } = useClusters(opened);
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 16 }} mb={2}>
      <Box flex="1 1 240px" minWidth={0}>
        <TextField
          id="ocdp-tenant-search"
          label="Search tenants"
          placeholder="Name or owner"
          value={search}
          fullWidth
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" />
              </InputAdornment>
            ),
          }}
          onChange={e => onSearchChange(e.target.value)}
        />
      </Box>
      <Box flex="1 1 200px" minWidth={0}>
        <TextField
          id="ocdp-tenant-cluster"
          select
          label="Cluster"
          value={cluster}
          fullWidth
          SelectProps={{ displayEmpty: true, onOpen: () => setOpened(true) }}
          InputLabelProps={{ shrink: true }}
          onChange={e => onClusterChange(e.target.value)}
        >
          <MenuItem value={ALL}>All clusters</MenuItem>
          {loading && (
            <MenuItem disabled value="__loading">
              Loading clusters…
            </MenuItem>
          )}
          {clusters.map(c => (
            <MenuItem key={c.name} value={c.name}>
              {c.title}
            </MenuItem>
          ))}
          {/* A chosen cluster stays selectable while the list loads. */}
          {cluster && !clusters.some(c => c.name === cluster) && (
            <MenuItem value={cluster}>{cluster}</MenuItem>
          )}
        </TextField>
      </Box>
    </Box>
  );
};
