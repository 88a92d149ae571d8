import { lazyScreens, type AppRoute } from '../../app/route-types';

const screen = lazyScreens(() => import('./screens'));

export const briefingsRoutes: AppRoute[] = [
  { path: '/briefings', element: screen('BriefingsListPage') },
  { path: '/briefings/new', element: screen('ComposeBriefingPage') },
  { path: '/briefings/:id', element: screen('BriefingPage') },
  { path: '/briefings/:id/edit', element: screen('EditBriefingPage') },
];
