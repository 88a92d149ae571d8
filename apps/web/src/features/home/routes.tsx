import type { AppRoute } from '../../app/route-types';
import { HomePage } from './HomePage';

export const homeRoutes: AppRoute[] = [{ path: '/', element: <HomePage /> }];
