import type { AppRoute } from '../../app/route-types';
import { BriefingsPage } from './BriefingsPage';

export const briefingsRoutes: AppRoute[] = [{ path: '/briefings', element: <BriefingsPage /> }];
