import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

/** Rows shown before the table pages. */
const PAGE_SIZE = 20;

/**
 * Cells keep to one line unless a column says otherwise (headers may wrap), so a narrow screen
 * scrolls the table sideways inside its card instead of squeezing every column into a tall
 * stack of words.
 */
const ONE_LINE = { whiteSpace: 'nowrap' } as const;

/**
 * A dense Backstage table that scrolls sideways inside its card on narrow screens and pages
 * only when it has many rows.
 */
export function GpuTable<T extends object>(props: {
  title: string;
  columns: TableColumn<T>[];
  data: T[];
  emptyText: string;
  subtitle?: string;
}) {
  const { title, columns, data, emptyText, subtitle } = props;
  return (
    <Table<T>
      title={title}
      subtitle={subtitle}
      columns={columns.map(column => ({
        cellStyle: ONE_LINE,
        ...column,
      }))}
      data={data}
      options={{
        search: false,
        padding: 'dense',
        paging: data.length > PAGE_SIZE,
        pageSize: PAGE_SIZE,
        pageSizeOptions: [PAGE_SIZE, 50, 100],
        draggable: false,
      }}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          {emptyText}
        </Typography>
      }
    />
  );
}
