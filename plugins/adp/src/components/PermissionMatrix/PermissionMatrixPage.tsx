import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { PermissionMatrix, PermissionMatrixRow } from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { AdpPageLayout } from '../AdpPage/AdpPageLayout';
import { downloadBlob } from './downloadBlob';

const SCOPE_TEXT: Record<string, string> = {
  platform: 'Platform',
  organisation: 'Organisation',
  programme: 'Programme',
  project: 'Project',
};

const RowGroup = ({ title, rows, matrix }: { title: string; rows: PermissionMatrixRow[]; matrix: PermissionMatrix }) => (
  <>
    <TableRow>
      <TableCell component="th" scope="rowgroup" role="rowheader" colSpan={matrix.roles.length + matrix.levels.length + 1}>
        <Typography variant="subtitle2">{title}</Typography>
      </TableCell>
    </TableRow>
    {rows.map(row => (
      <TableRow key={row.key}>
        <TableCell component="th" scope="row" role="rowheader">
          {row.description}
          <Typography variant="caption" display="block">
            {row.key}
            {row.note ? ` (${row.note})` : ''}
          </Typography>
        </TableCell>
        {matrix.roles.map(r => {
          const scope = row.grants[r.id];
          return <TableCell key={r.id}>{scope ? SCOPE_TEXT[scope] ?? scope : '—'}</TableCell>;
        })}
        {matrix.levels.map(l => (
          <TableCell key={l.id}>{row.levels[l.id] ? SCOPE_TEXT[row.levels[l.id]!] : '—'}</TableCell>
        ))}
      </TableRow>
    ))}
  </>
);

/** Roles × permissions, with the scope each role grants in each cell. */
export const PermissionMatrixPage = () => {
  const api = useApi(adpApiRef);
  const matrix = useAsync(() => api.getPermissionMatrix(), [api]);
  const [downloadError, setDownloadError] = useState<Error>();

  const download = async () => {
    setDownloadError(undefined);
    try {
      downloadBlob(await api.downloadPermissionMatrixCsv(), 'adp-permission-matrix.csv');
    } catch (e) {
      setDownloadError(e as Error);
    }
  };

  return (
    <AdpPageLayout title="Permission matrix" subtitle="What each role may do, and where">
      <Box display="flex" justifyContent="flex-end" mb={2}>
        <Button variant="outlined" onClick={download}>
          Download CSV
        </Button>
      </Box>
      {downloadError && <ResponseErrorPanel error={downloadError} title="Download failed" />}
      {matrix.loading && <Progress />}
      {matrix.error && <ResponseErrorPanel error={matrix.error} />}
      {matrix.value && (
        <TableContainer>
          <Typography variant="body2" paragraph>
            A cell names the scope at which the role grants the permission; “—” means not granted.
          </Typography>
          <Table size="small" aria-label="Permission matrix">
            <TableHead>
              <TableRow>
                <TableCell>Permission</TableCell>
                {matrix.value.roles.map(r => (
                  <TableCell key={r.id} title={r.description}>
                    {r.title}
                  </TableCell>
                ))}
                {/* Production levels are held per project when a sponsor approved them, on top of roles. */}
                {matrix.value.levels.map(l => (
                  <TableCell key={l.id} title={l.description}>
                    {l.title}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              <RowGroup title="Portal" matrix={matrix.value} rows={matrix.value.rows.filter(r => r.kind === 'portal')} />
              <RowGroup
                title="External systems"
                matrix={matrix.value}
                rows={matrix.value.rows.filter(r => r.kind === 'external')}
              />
              <RowGroup
                title="Production access levels"
                matrix={matrix.value}
                rows={matrix.value.rows.filter(r => r.kind === 'production')}
              />
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </AdpPageLayout>
  );
};
