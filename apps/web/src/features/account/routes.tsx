import { lazyScreens, type AppRoute } from '../../app/route-types';

const screen = lazyScreens(() => import('./screens'));

export const accountRoutes: AppRoute[] = [{ path: '/account', element: screen('AccountPage') }];
