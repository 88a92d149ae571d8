import type { AppRoute } from '../../app/route-types';
import { CreateWorkshopPage } from './CreateWorkshopPage';
import { EditWorkshopPage } from './EditWorkshopPage';
import { ParticipantsPage } from './ParticipantsPage';
import { RegistrationPage } from './RegistrationPage';
import { TasksPage } from './TasksPage';
import { WorkshopDetailPage } from './WorkshopDetailPage';
import { WorkshopListPage } from './WorkshopListPage';

// `/workshops/downloads/*` and `/workshops/calendar/*` belong to the API (files and feeds), never to these screens.
export const workshopsRoutes: AppRoute[] = [
  { path: '/workshops', element: <WorkshopListPage /> },
  { path: '/workshops/new', element: <CreateWorkshopPage /> },
  { path: '/workshops/:id', element: <WorkshopDetailPage /> },
  { path: '/workshops/:id/register', element: <RegistrationPage /> },
  { path: '/workshops/:id/edit', element: <EditWorkshopPage /> },
  { path: '/workshops/:id/participants', element: <ParticipantsPage /> },
  { path: '/workshops/:id/tasks', element: <TasksPage /> },
];
