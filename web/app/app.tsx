// The application: providers around the router.
import { RouterProvider } from 'react-router';
import { setUnauthenticatedHandler } from '../lib/api-client.ts';
import './i18n.ts';
import { Providers, queryClient } from './providers.tsx';
import { router } from './router.tsx';

// A session that expired mid-work sends the user to the login page, then back to where they were.
setUnauthenticatedHandler(() => {
  const { pathname, search } = window.location;
  if (pathname.startsWith('/login')) return;
  queryClient.clear();
  void router.navigate(`/login?next=${encodeURIComponent(pathname + search)}`, { replace: true });
});

export function App() {
  return (
    <Providers>
      <RouterProvider router={router} />
    </Providers>
  );
}
