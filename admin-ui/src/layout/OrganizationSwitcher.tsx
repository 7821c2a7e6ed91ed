import BusinessIcon from '@mui/icons-material/Business';
import CheckIcon from '@mui/icons-material/Check';
import { Button, ListItemIcon, ListItemText, Menu, MenuItem } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, type MouseEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { chosenOrganization } from 'src/auth/organization';
import { useSession } from 'src/auth/useSession';

/**
 * Chooses the organization every later request names (X-Organization-Id), then reads everything
 * again for it: the session (role, permissions), the definitions, the records on screen.
 */
export function useSwitchOrganization(): (id: string) => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(
    async (id: string) => {
      chosenOrganization.set(id);
      // Another organization's objects differ: start from the dashboard.
      await navigate('/');
      await queryClient.resetQueries();
    },
    [queryClient, navigate],
  );
}

/** The current organization in the app bar; a menu of the user's others when there are some. */
export function OrganizationSwitcher() {
  const { data: me } = useSession();
  const switchTo = useSwitchOrganization();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  if (!me) {
    return null;
  }
  const others = me.organizations.length > 1;
  return (
    <>
      <Button
        color="inherit"
        startIcon={<BusinessIcon />}
        aria-label="Organization"
        aria-haspopup={others}
        disabled={!others}
        sx={{ '&.Mui-disabled': { color: 'inherit' }, textTransform: 'none' }}
        onClick={(event: MouseEvent<HTMLElement>) => setAnchor(event.currentTarget)}
      >
        {me.organization.name}
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {me.organizations.map((organization) => {
          const isCurrent = organization.id === me.organization.id;
          return (
            <MenuItem
              key={organization.id}
              selected={isCurrent}
              onClick={() => {
                setAnchor(null);
                if (!isCurrent) {
                  void switchTo(organization.id);
                }
              }}
            >
              <ListItemIcon>{isCurrent ? <CheckIcon fontSize="small" /> : null}</ListItemIcon>
              <ListItemText primary={organization.name} secondary={organization.role} />
            </MenuItem>
          );
        })}
      </Menu>
    </>
  );
}
