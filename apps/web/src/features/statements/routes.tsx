import type { AppRoute } from '../../app/route-types';
import { CreateStatementPage } from './CreateStatementPage';
import { EditorPage } from './EditorPage';
import { HistoryPage } from './HistoryPage';
import { PreviewPage } from './PreviewPage';
import { StatementListPage } from './StatementListPage';
import { StatementPage } from './StatementPage';

export const statementsRoutes: AppRoute[] = [
  { path: '/statements', element: <StatementListPage /> },
  { path: '/statements/new', element: <CreateStatementPage /> },
  { path: '/statements/:id', element: <StatementPage /> },
  { path: '/statements/:id/edit', element: <EditorPage /> },
  { path: '/statements/:id/history', element: <HistoryPage /> },
  { path: '/statements/:id/preview', element: <PreviewPage /> },
];
