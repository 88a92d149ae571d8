import type { AppRoute } from '../../app/route-types';
import { WorkshopsPage } from './WorkshopsPage';

export const workshopsRoutes: AppRoute[] = [{ path: '/workshops', element: <WorkshopsPage /> }];
