// Every page and its address; pages behind a permission say which. The login page and the frame come with the
// first load; each page behind the frame is its own chunk, fetched when first opened.
import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { LoginPage } from '../features/auth/login-page.tsx';
import { HomeRedirect, NotFoundPage, RequirePermission } from './guards.tsx';
import { AppLayout } from './layout.tsx';

const RegionsPage = lazy(() =>
  import('../features/regions/regions-page.tsx').then((m) => ({ default: m.RegionsPage })),
);
const UnitsPage = lazy(() =>
  import('../features/units/units-page.tsx').then((m) => ({ default: m.UnitsPage })),
);
const MeetingsPage = lazy(() =>
  import('../features/meetings/meetings-page.tsx').then((m) => ({ default: m.MeetingsPage })),
);
const MeetingImportPage = lazy(() =>
  import('../features/meetings/meeting-import-page.tsx').then((m) => ({ default: m.MeetingImportPage })),
);
const MeetingPage = lazy(() =>
  import('../features/meetings/meeting-page.tsx').then((m) => ({ default: m.MeetingPage })),
);
const SupervisionPage = lazy(() =>
  import('../features/supervision/supervision-page.tsx').then((m) => ({ default: m.SupervisionPage })),
);
const TaskInboxPage = lazy(() =>
  import('../features/tasks/inbox-page.tsx').then((m) => ({ default: m.InboxPage })),
);
const TasksPage = lazy(() =>
  import('../features/tasks/tasks-page.tsx').then((m) => ({ default: m.TasksPage })),
);
const TaskCalendarPage = lazy(() =>
  import('../features/tasks/calendar-page.tsx').then((m) => ({ default: m.CalendarPage })),
);
const TaskPage = lazy(() => import('../features/tasks/task-page.tsx').then((m) => ({ default: m.TaskPage })));
const UsersPage = lazy(() =>
  import('../features/users/users-page.tsx').then((m) => ({ default: m.UsersPage })),
);
const NotificationsPage = lazy(() =>
  import('../features/notifications/notifications-page.tsx').then((m) => ({ default: m.NotificationsPage })),
);
const AuditPage = lazy(() =>
  import('../features/audit/audit-page.tsx').then((m) => ({ default: m.AuditPage })),
);

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'regions', element: <RegionsPage /> },
      { path: 'regions/:code', element: <RegionsPage /> },
      { path: 'units', element: <UnitsPage /> },
      {
        path: 'meetings',
        element: (
          <RequirePermission permission="meetings:read">
            <MeetingsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'meetings/import',
        element: (
          <RequirePermission permission="meetings:write">
            <MeetingImportPage />
          </RequirePermission>
        ),
      },
      {
        path: 'meetings/:id',
        element: (
          <RequirePermission permission="meetings:read">
            <MeetingPage />
          </RequirePermission>
        ),
      },
      {
        path: 'supervision',
        element: (
          <RequirePermission permission="tasks:read">
            <SupervisionPage />
          </RequirePermission>
        ),
      },
      {
        path: 'tasks',
        element: (
          <RequirePermission permission="tasks:read">
            <TasksPage />
          </RequirePermission>
        ),
      },
      {
        path: 'tasks/inbox',
        element: (
          <RequirePermission permission="tasks:read">
            <TaskInboxPage />
          </RequirePermission>
        ),
      },
      {
        path: 'tasks/calendar',
        element: (
          <RequirePermission permission="tasks:read">
            <TaskCalendarPage />
          </RequirePermission>
        ),
      },
      {
        path: 'tasks/:id',
        element: (
          <RequirePermission permission="tasks:read">
            <TaskPage />
          </RequirePermission>
        ),
      },
      {
        path: 'users',
        element: (
          <RequirePermission permission="users:read">
            <UsersPage />
          </RequirePermission>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequirePermission permission="audit:read">
            <AuditPage />
          </RequirePermission>
        ),
      },
      { path: 'notifications', element: <NotificationsPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
