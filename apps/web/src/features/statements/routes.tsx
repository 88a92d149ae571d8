import { lazyScreens, type AppRoute } from '../../app/route-types';

const screen = lazyScreens(() => import('./screens'));

export const statementsRoutes: AppRoute[] = [
  { path: '/statements', element: screen('StatementListPage') },
  { path: '/statements/new', element: screen('CreateStatementPage') },
  { path: '/statements/:id', element: screen('StatementPage') },
  { path: '/statements/:id/edit', element: screen('EditorPage') },
  { path: '/statements/:id/history', element: screen('HistoryPage') },
  { path: '/statements/:id/preview', element: screen('PreviewPage') },
];
