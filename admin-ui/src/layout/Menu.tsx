import DeleteSweepIcon from '@mui/icons-material/DeleteSweep';
import KeyIcon from '@mui/icons-material/Key';
import PeopleIcon from '@mui/icons-material/People';
import SchemaIcon from '@mui/icons-material/Schema';
import ShieldIcon from '@mui/icons-material/Shield';
import WebhookIcon from '@mui/icons-material/Webhook';
import { ListSubheader } from '@mui/material';
import { Fragment } from 'react';
import { Menu as RaMenu, useResourceDefinitions, useSidebarState } from 'react-admin';
import { useSession } from 'src/auth/useSession';
import { RECYCLE_BIN_PATH } from 'src/records/recycleBinApi';
import type { ObjectResourceOptions } from 'src/records/resourceFromDefinition';
import { API_KEYS_PATH } from 'src/settings/ApiKeysPage';
import { MEMBERS_PATH } from 'src/settings/MembersPage';
import { ROLES_PATH } from 'src/settings/RolesPage';
import { WEBHOOKS_PATH } from 'src/settings/WebhooksPage';
import { groupEntries, type NavigationEntry } from './navigation';

function Section({ label }: { label: string }) {
  const [isOpen] = useSidebarState();
  return isOpen ? (
    <ListSubheader
      disableSticky
      sx={{
        lineHeight: '32px',
        mt: 1,
        bgcolor: 'transparent',
        textTransform: 'uppercase',
        fontSize: 12,
      }}
    >
      {label}
    </ListSubheader>
  ) : null;
}

/** The sidebar: dashboard, objects grouped as a CRM user expects, then the settings the role may change. */
export function Menu() {
  const { data: me } = useSession();
  const resources = useResourceDefinitions<ObjectResourceOptions>();
  const entries: NavigationEntry[] = Object.values(resources)
    .filter((resource) => resource.hasList)
    .map((resource) => ({
      name: resource.name,
      label: resource.options?.label ?? resource.name,
      group: resource.options?.group,
      isSystem: resource.options?.isSystem ?? true,
    }));
  return (
    <RaMenu>
      <RaMenu.DashboardItem />
      {groupEntries(entries).map((group) => (
        <Fragment key={group.key}>
          <Section label={group.label} />
          {group.entries.map((entry) => (
            <RaMenu.ResourceItem key={entry.name} name={entry.name} />
          ))}
        </Fragment>
      ))}
      <RaMenu.Item to={RECYCLE_BIN_PATH} primaryText="Recycle bin" leftIcon={<DeleteSweepIcon />} />
      {me?.permissions.manage_data_model || me?.permissions.manage_access ? (
        <Section label="Settings" />
      ) : null}
      {me?.permissions.manage_data_model ? (
        <RaMenu.Item to="/settings/data-model" primaryText="Data model" leftIcon={<SchemaIcon />} />
      ) : null}
      {me?.permissions.manage_access ? (
        <>
          <RaMenu.Item to={MEMBERS_PATH} primaryText="Members" leftIcon={<PeopleIcon />} />
          <RaMenu.Item to={ROLES_PATH} primaryText="Roles" leftIcon={<ShieldIcon />} />
          <RaMenu.Item to={API_KEYS_PATH} primaryText="API keys" leftIcon={<KeyIcon />} />
          <RaMenu.Item to={WEBHOOKS_PATH} primaryText="Webhooks" leftIcon={<WebhookIcon />} />
        </>
      ) : null}
    </RaMenu>
  );
}
