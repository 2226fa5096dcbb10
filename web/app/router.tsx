// Every page and its address; pages behind a permission say which.
import { createBrowserRouter, Navigate } from 'react-router';
import { AuditPage } from '../features/audit/audit-page.tsx';
import { LoginPage } from '../features/auth/login-page.tsx';
import { MeetingImportPage } from '../features/meetings/meeting-import-page.tsx';
import { MeetingPage } from '../features/meetings/meeting-page.tsx';
import { MeetingsPage } from '../features/meetings/meetings-page.tsx';
import { RegionsPage } from '../features/regions/regions-page.tsx';
import { UnitsPage } from '../features/units/units-page.tsx';
import { UsersPage } from '../features/users/users-page.tsx';
import { NotFoundPage, RequirePermission } from './guards.tsx';
import { AppLayout } from './layout.tsx';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <Navigate to="/regions" replace /> },
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
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
