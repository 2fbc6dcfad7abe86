import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import { NavContentBlueprint } from '@backstage/plugin-app-react';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';
import { SidebarSearchModal } from '@backstage/plugin-search';
import { UserSettingsSignInAvatar } from '@backstage/plugin-user-settings';
import MenuIcon from '@material-ui/icons/Menu';
import NotificationsIcon from '@material-ui/icons/Notifications';
import SearchIcon from '@material-ui/icons/Search';
import { SidebarLogo } from './SidebarLogo';

export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: ({ navItems }) => {
      const nav = navItems.withComponent(item => (
        <SidebarItem icon={() => item.icon} to={item.href} text={item.title} />
      ));
      // Taken first so they stay out of the general list below.
      const settings = nav.take('page:user-settings');
      // Reached from an entity's Relations card; not a destination of its own.
      nav.take('page:catalog-graph');
      // Opened as a modal from the sidebar; the modal links to the full page.
      nav.take('page:search');
      // The bell below (unread count, live through signals) stands for the notifications page.
      nav.take('page:notifications');

      return (
        <Sidebar>
          <SidebarLogo />
          <SidebarGroup label="Search" icon={<SearchIcon />} to="/search">
            <SidebarSearchModal />
          </SidebarGroup>
          <SidebarDivider />
          <SidebarGroup label="Menu" icon={<MenuIcon />}>
            {nav.take('page:adp')}
            {nav.take('page:catalog')}
            {nav.take('page:scaffolder')}
            <SidebarDivider />
            <SidebarScrollWrapper>
              {nav.rest({ sortBy: 'title' })}
            </SidebarScrollWrapper>
          </SidebarGroup>
          <SidebarSpace />
          <SidebarDivider />
          <NotificationsSidebarItem
            // The stock item names itself "Notifications" while it shows the unread count
            // beside it, so its accessible name misses visible text (WCAG 2.5.3, axe
            // label-content-name-mismatch): the count goes into the text instead.
            renderItem={({ unreadCount, to, onClick }) => (
              <SidebarItem
                icon={NotificationsIcon}
                to={to}
                onClick={onClick}
                text={
                  unreadCount > 0
                    ? `Notifications (${unreadCount > 99 ? '99+' : unreadCount})`
                    : 'Notifications'
                }
              />
            )}
          />
          <SidebarGroup
            label="Settings"
            icon={<UserSettingsSignInAvatar />}
            to="/settings"
          >
            {settings}
          </SidebarGroup>
        </Sidebar>
      );
    },
  },
});
