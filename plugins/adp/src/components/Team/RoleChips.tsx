import { Box, Chip } from '@material-ui/core';

/** A member's roles as text chips: Member, plus Technical and Admin when held. */
export const RoleChips = ({ technical, admin }: { technical: boolean; admin: boolean }) => (
  <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
    <Chip size="small" variant="outlined" label="Member" />
    {technical && <Chip size="small" variant="outlined" label="Technical" />}
    {admin && <Chip size="small" variant="outlined" label="Admin" />}
  </Box>
);
