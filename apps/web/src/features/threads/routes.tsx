import { lazyScreens, type AppRoute } from '../../app/route-types';

const screen = lazyScreens(() => import('./screens'));

/** `?thread=<id>` on a space opens that thread. */
export const threadsRoutes: AppRoute[] = [
  { path: '/discussions', element: screen('DiscussionsPage') },
  { path: '/discussions/:spaceKind/:spaceId', element: screen('SpacePage') },
];
