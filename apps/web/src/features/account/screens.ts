// The screens of this area, loaded together the first time one is opened (see routes.tsx).
export { AccountPage } from './AccountPage';
