import type { AppRoute } from '../../app/route-types';
import { DiscussionsPage } from './DiscussionsPage';
import { SpacePage } from './SpacePage';

/** `?thread=<id>` on a space opens that thread. */
export const threadsRoutes: AppRoute[] = [
  { path: '/discussions', element: <DiscussionsPage /> },
  { path: '/discussions/:spaceKind/:spaceId', element: <SpacePage /> },
];
