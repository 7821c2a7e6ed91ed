import { ListItemText, MenuItem } from '@mui/material';
import {
  LoadingIndicator,
  Logout,
  AppBar as RaAppBar,
  UserMenu as RaUserMenu,
  ToggleThemeButton,
} from 'react-admin';
import { useSession } from 'src/auth/useSession';
import { OrganizationSwitcher } from './OrganizationSwitcher';

/** Who is signed in: name and email, above Sign out. */
function SignedInAs() {
  const { data: me } = useSession();
  if (!me?.user) {
    return null;
  }
  return (
    <MenuItem disabled sx={{ '&.Mui-disabled': { opacity: 1 } }}>
      <ListItemText
        primary={me.user.name || me.user.email}
        secondary={me.user.name ? me.user.email : undefined}
      />
    </MenuItem>
  );
}

export function UserMenu() {
  return (
    <RaUserMenu>
      <SignedInAs />
      <Logout />
    </RaUserMenu>
  );
}

/** react-admin's app bar with the organization switcher beside the theme and loading buttons. */
export function AppBar() {
  return (
    <RaAppBar
      toolbar={
        <>
          <OrganizationSwitcher />
          <ToggleThemeButton />
          <LoadingIndicator />
        </>
      }
      userMenu={<UserMenu />}
    />
  );
}
