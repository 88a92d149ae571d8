import type { AppRoute } from '../../app/route-types';
import { AdminPage } from './AdminPage';
import { OrganisationAdminPage } from './OrganisationAdminPage';

export const adminRoutes: AppRoute[] = [
  { path: '/admin', element: <AdminPage /> },
  { path: '/admin/:organisationId', element: <OrganisationAdminPage /> },
];
