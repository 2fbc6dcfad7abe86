import { ReactNode } from 'react';
import {
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Progress } from '@backstage/core-components';

export interface Column<T> {
  title: string;
  render(row: T): ReactNode;
}

export interface PagedTableProps<T extends { id: string | number }> {
  /** Names the table for assistive technology. */
  caption: string;
  columns: Array<Column<T>>;
  rows: T[] | undefined;
  totalCount: number;
  loading: boolean;
  page: number;
  rowsPerPage: number;
  onPageChange(page: number): void;
  onRowsPerPageChange(rows: number): void;
  emptyText: string;
}

/** A table of one server-side page with pagination controls. */
export function PagedTable<T extends { id: string | number }>(props: PagedTableProps<T>) {
  const { caption, columns, rows, totalCount, loading, page, rowsPerPage, emptyText } = props;
  return (
    <>
      <TableContainer>
        <Table size="small" aria-label={caption}>
          <TableHead>
            <TableRow>
              {columns.map(c => (
                <TableCell key={c.title}>{c.title}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {(rows ?? []).map(row => (
              <TableRow key={row.id}>
                {columns.map(c => (
                  <TableCell key={c.title}>{c.render(row)}</TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {loading && <Progress />}
      {!loading && rows?.length === 0 && (
        <Typography variant="body2" style={{ padding: 16 }}>
          {emptyText}
        </Typography>
      )}
      <TablePagination
        component="div"
        count={totalCount}
        page={page}
        rowsPerPage={rowsPerPage}
        rowsPerPageOptions={[10, 25, 50, 100]}
        onPageChange={(_, p) => props.onPageChange(p)}
        onRowsPerPageChange={e => props.onRowsPerPageChange(Number(e.target.value))}
      />
    </>
  );
}
