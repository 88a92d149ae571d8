// The screens of this area, loaded together the first time one is opened (see routes.tsx).
export { CreateStatementPage } from './CreateStatementPage';
export { EditorPage } from './EditorPage';
export { HistoryPage } from './HistoryPage';
export { PreviewPage } from './PreviewPage';
export { StatementListPage } from './StatementListPage';
export { StatementPage } from './StatementPage';
