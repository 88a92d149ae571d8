// The screens of this area, loaded together the first time one is opened (see routes.tsx).
export { CreateWorkshopPage } from './CreateWorkshopPage';
export { EditWorkshopPage } from './EditWorkshopPage';
export { ParticipantsPage } from './ParticipantsPage';
export { RegistrationPage } from './RegistrationPage';
export { TasksPage } from './TasksPage';
export { WorkshopDetailPage } from './WorkshopDetailPage';
export { WorkshopListPage } from './WorkshopListPage';
