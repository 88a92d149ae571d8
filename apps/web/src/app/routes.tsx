// Every signed-in screen, by address: each area lists its own in features/<area>/routes.tsx.
// The API serves index.html for these prefixes (CLIENT_ROUTES in apps/api/src/web-app.ts).
import { homeRoutes } from '../features/home/routes';
import { briefingsRoutes } from '../features/briefings/routes';
import { statementsRoutes } from '../features/statements/routes';
import { workshopsRoutes } from '../features/workshops/routes';
import { threadsRoutes } from '../features/threads/routes';
import { adminRoutes } from '../features/admin/routes';
import { accountRoutes } from '../features/account/routes';
import type { AppRoute } from './route-types';

export const routes: AppRoute[] = [
  ...homeRoutes,
  ...briefingsRoutes,
  ...statementsRoutes,
  ...workshopsRoutes,
  ...threadsRoutes,
  ...adminRoutes,
  ...accountRoutes,
];
