import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import ChevronLeft from '@material-ui/icons/ChevronLeft';
import ChevronRight from '@material-ui/icons/ChevronRight';

/** Page sizes offered; the first is the default. */
export const TENANT_PAGE_SIZES = [50, 20, 100] as const;

/** `51–100 of 123`; `0 of 0` for an empty result. */
export function pageRangeText(
  pageIndex: number,
  pageSize: number,
  shown: number,
  totalCount: number,
): string {
  if (shown === 0) {
    return `0 of ${totalCount}`;
  }
  const first = pageIndex * pageSize + 1;
  return `${first}–${first + shown - 1} of ${totalCount}`;
}

/** Page size, where the page is in the whole list, and previous / next. Wraps on phones. */
export const TenantPager = (props: {
  pageIndex: number;
  pageSize: number;
  shown: number;
  totalCount: number;
  hasPrevious: boolean;
  hasNext: boolean;
  disabled?: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onPageSizeChange: (pageSize: number) => void;
}) => {
  const { pageIndex, pageSize, shown, totalCount, disabled } = props;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      justifyContent="flex-end"
      style={{ gap: 8 }}
      mt={1}
    >
      <TextField
        id="ocdp-tenant-page-size"
        select
        label="Per page"
        size="small"
        value={pageSize}
        onChange={e => props.onPageSizeChange(Number(e.target.value))}
      >
        {[...TENANT_PAGE_SIZES]
          .sort((a, b) => a - b)
          .map(size => (
            <MenuItem key={size} value={size}>
              {size}
            </MenuItem>
          ))}
      </TextField>
      <Typography variant="body2" role="status">
        {pageRangeText(pageIndex, pageSize, shown, totalCount)}
      </Typography>
      <Box display="flex">
        <IconButton
          aria-label="Previous page"
          disabled={disabled || !props.hasPrevious}
          onClick={props.onPrevious}
        >
          <ChevronLeft />
        </IconButton>
        <IconButton
          aria-label="Next page"
          disabled={disabled || !props.hasNext}
          onClick={props.onNext}
        >
          <ChevronRight />
        </IconButton>
      </Box>
    </Box>
  );
};
