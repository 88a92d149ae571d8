import { lazyScreens, type AppRoute } from '../../app/route-types';

const screen = lazyScreens(() => import('./screens'));

// `/workshops/downloads/*` and `/workshops/calendar/*` belong to the API (files and feeds), never to these screens.
export const workshopsRoutes: AppRoute[] = [
  { path: '/workshops', element: screen('WorkshopListPage') },
  { path: '/workshops/new', element: screen('CreateWorkshopPage') },
  { path: '/workshops/:id', element: screen('WorkshopDetailPage') },
  { path: '/workshops/:id/register', element: screen('RegistrationPage') },
  { path: '/workshops/:id/edit', element: screen('EditWorkshopPage') },
  { path: '/workshops/:id/participants', element: screen('ParticipantsPage') },
  { path: '/workshops/:id/tasks', element: screen('TasksPage') },
];
