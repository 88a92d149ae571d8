import type { AppRoute } from '../../app/route-types';
import { AdminPage } from './AdminPage';

export const adminRoutes: AppRoute[] = [{ path: '/admin', element: <AdminPage /> }];
