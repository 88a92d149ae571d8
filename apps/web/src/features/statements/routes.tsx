import type { AppRoute } from '../../app/route-types';
import { StatementsPage } from './StatementsPage';

export const statementsRoutes: AppRoute[] = [{ path: '/statements', element: <StatementsPage /> }];
