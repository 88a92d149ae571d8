import type { AppRoute } from '../../app/route-types';
import { AccountPage } from './AccountPage';

export const accountRoutes: AppRoute[] = [{ path: '/account', element: <AccountPage /> }];
