import type { AppRoute } from '../../app/route-types';
import { DiscussionsPage } from './DiscussionsPage';

export const threadsRoutes: AppRoute[] = [{ path: '/discussions', element: <DiscussionsPage /> }];
