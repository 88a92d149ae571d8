// The screens of this area, loaded together the first time one is opened (see routes.tsx).
export { BriefingPage } from './BriefingPage';
export { BriefingsListPage } from './BriefingsListPage';
export { ComposeBriefingPage, EditBriefingPage } from './ComposeBriefingPage';
