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
  makeStyles,
} from '@material-ui/core';
import {
  PermissionMatrix,
  PermissionMatrixRow,
} from '@adp-portal/plugin-adp-common';
import { adpApiRef, PROVISIONED_SYSTEMS } from '../../api';
import { AdpPageLayout } from '../AdpPage/AdpPageLayout';
import { downloadBlob } from './downloadBlob';

const SCOPE_TEXT: Record<string, string> = {
  platform: 'Platform',
  organisation: 'Organisation',
  programme: 'Programme',
  project: 'Project',
};

// Portal permissions grouped by what they act on (the second part of `adp.<resource>.<action>`).
const PORTAL_GROUPS: Array<{ title: string; resources: string[] }> = [
  { title: 'Arms Length Bodies', resources: ['alb'] },
  { title: 'Delivery programmes', resources: ['programme', 'programmeAdmin'] },
  {
    title: 'Delivery projects and their teams',
    resources: ['project', 'projectMember'],
  },
  { title: 'Provisioning', resources: ['provisioning'] },
  { title: 'Production access', resources: ['productionAccess'] },
];

const SYSTEM_TEXT: Record<string, string> = {
  ...Object.fromEntries(PROVISIONED_SYSTEMS.map(s => [s.id, s.title])),
  azure: 'Azure',
};

const resourceOf = (row: PermissionMatrixRow) => row.key.split('.')[1];

/** The matrix's rows in titled groups: portal permissions by resource, external access by system, levels. */
function groupRows(
  matrix: PermissionMatrix,
): Array<{ title: string; rows: PermissionMatrixRow[] }> {
  const portal = matrix.rows.filter(r => r.kind === 'portal');
  const grouped = new Set(PORTAL_GROUPS.flatMap(g => g.resources));
  const groups = PORTAL_GROUPS.map(g => ({
    title: g.title,
    rows: portal.filter(r => g.resources.includes(resourceOf(r))),
  }));
  groups.push({
    title: 'Platform administration',
    rows: portal.filter(r => !grouped.has(resourceOf(r))),
  });
  const bySystem = new Map<string, PermissionMatrixRow[]>();
  for (const row of matrix.rows.filter(r => r.kind === 'external')) {
    const system = row.key.split(':')[0];
    bySystem.set(system, [...(bySystem.get(system) ?? []), row]);
  }
  for (const [system, rows] of bySystem)
    groups.push({ title: `Access in ${SYSTEM_TEXT[system] ?? system}`, rows });
  for (const level of matrix.levels) {
    groups.push({
      title: `${level.title} (production access level)`,
      rows: matrix.rows.filter(
        r => r.kind === 'production' && r.key.startsWith(`${level.id}:`),
      ),
    });
  }
  return groups.filter(g => g.rows.length > 0);
}

const useStyles = makeStyles(theme => ({
  container: {
    // Scrolls inside the page so the role headers stay in view (sticky) over long groups.
    maxHeight: 'calc(100vh - 220px)',
    minHeight: 320,
  },
  table: { minWidth: 1100 },
  roleHeader: {
    verticalAlign: 'bottom',
    minWidth: 92,
    // Titles wrap between words only, never inside one ("Platf orm User").
    wordBreak: 'normal',
    overflowWrap: 'normal',
    hyphens: 'manual',
    lineHeight: 1.3,
  },
  permissionHeader: {
    left: 0,
    zIndex: 3,
    minWidth: 260,
    verticalAlign: 'bottom',
  },
  permissionCell: {
    position: 'sticky',
    left: 0,
    zIndex: 1,
    minWidth: 260,
    backgroundColor: theme.palette.background.paper,
  },
  groupRow: { backgroundColor: theme.palette.background.default },
  groupCell: {
    position: 'sticky',
    left: 0,
    backgroundColor: theme.palette.background.default,
  },
  cell: { whiteSpace: 'nowrap' },
}));

// MUI gives body <th> cells role="cell"; the explicit role keeps them row headers.
const RowGroup = ({
  title,
  rows,
  matrix,
}: {
  title: string;
  rows: PermissionMatrixRow[];
  matrix: PermissionMatrix;
}) => {
  const classes = useStyles();
  return (
    <>
      <TableRow className={classes.groupRow}>
        <TableCell
          component="th"
          scope="rowgroup"
          role="rowheader"
          className={classes.groupCell}
          colSpan={matrix.roles.length + matrix.levels.length + 1}
        >
          <Typography variant="subtitle2" component="span">
            {title}
          </Typography>
        </TableCell>
      </TableRow>
      {rows.map(row => (
        <TableRow key={row.key}>
          <TableCell
            component="th"
            scope="row"
            role="rowheader"
            className={classes.permissionCell}
          >
            {row.description}
            <Typography variant="caption" display="block">
              {row.key}
              {row.note ? ` (${row.note})` : ''}
            </Typography>
          </TableCell>
          {matrix.roles.map(r => {
            const scope = row.grants[r.id];
            return (
              <TableCell key={r.id} className={classes.cell}>
                {scope ? SCOPE_TEXT[scope] ?? scope : '—'}
              </TableCell>
            );
          })}
          {matrix.levels.map(l => (
            <TableCell key={l.id} className={classes.cell}>
              {row.levels[l.id] ? SCOPE_TEXT[row.levels[l.id]!] : '—'}
            </TableCell>
          ))}
        </TableRow>
      ))}
    </>
  );
};

/** Roles × permissions, with the scope each role grants in each cell. */
export const PermissionMatrixPage = () => {
  const api = useApi(adpApiRef);
  const matrix = useAsync(() => api.getPermissionMatrix(), [api]);
  const [downloadError, setDownloadError] = useState<Error>();
  const classes = useStyles();

  const download = async () => {
    setDownloadError(undefined);
    try {
      downloadBlob(
        await api.downloadPermissionMatrixCsv(),
        'adp-permission-matrix.csv',
      );
    } catch (e) {
      setDownloadError(e as Error);
    }
  };

  return (
    <AdpPageLayout
      title="Permission matrix"
      subtitle="What each role may do, and where"
    >
      <Box display="flex" justifyContent="flex-end" mb={2}>
        <Button variant="outlined" onClick={download}>
          Download CSV
        </Button>
      </Box>
      {downloadError && (
        <ResponseErrorPanel error={downloadError} title="Download failed" />
      )}
      {matrix.loading && <Progress />}
      {matrix.error && <ResponseErrorPanel error={matrix.error} />}
      {matrix.value && (
        <>
          <Typography variant="body2" paragraph>
            A cell names the scope at which the role grants the permission; “—”
            means not granted.
          </Typography>
          <TableContainer
            className={classes.container}
            tabIndex={0}
            aria-label="Permission matrix, scrollable"
          >
            <Table
              size="small"
              stickyHeader
              aria-label="Permission matrix"
              className={classes.table}
            >
              <TableHead>
                <TableRow>
                  <TableCell
                    className={`${classes.permissionCell} ${classes.permissionHeader}`}
                  >
                    Permission
                  </TableCell>
                  {matrix.value.roles.map(r => (
                    <TableCell
                      key={r.id}
                      title={r.description}
                      className={classes.roleHeader}
                    >
                      {r.title}
                    </TableCell>
                  ))}
                  {/* Production levels are held per project when a sponsor approved them, on top of roles. */}
                  {matrix.value.levels.map(l => (
                    <TableCell
                      key={l.id}
                      title={l.description}
                      className={classes.roleHeader}
                    >
                      {l.title}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {groupRows(matrix.value).map(g => (
                  <RowGroup
                    key={g.title}
                    title={g.title}
                    matrix={matrix.value!}
                    rows={g.rows}
                  />
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </>
      )}
    </AdpPageLayout>
  );
};
