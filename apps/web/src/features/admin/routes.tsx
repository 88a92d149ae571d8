import { lazyScreens, type AppRoute } from '../../app/route-types';

const screen = lazyScreens(() => import('./screens'));

export const adminRoutes: AppRoute[] = [
  { path: '/admin', element: screen('AdminPage') },
  { path: '/admin/:organisationId', element: screen('OrganisationAdminPage') },
];
