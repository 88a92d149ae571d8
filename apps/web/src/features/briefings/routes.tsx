import type { AppRoute } from '../../app/route-types';
import { BriefingPage } from './BriefingPage';
import { BriefingsListPage } from './BriefingsListPage';
import { ComposeBriefingPage, EditBriefingPage } from './ComposeBriefingPage';

export const briefingsRoutes: AppRoute[] = [
  { path: '/briefings', element: <BriefingsListPage /> },
  { path: '/briefings/new', element: <ComposeBriefingPage /> },
  { path: '/briefings/:id', element: <BriefingPage /> },
  { path: '/briefings/:id/edit', element: <EditBriefingPage /> },
];
