// The screens of this area, loaded together the first time one is opened (see routes.tsx).
export { DiscussionsPage } from './DiscussionsPage';
export { SpacePage } from './SpacePage';
