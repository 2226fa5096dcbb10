// Entry point: mounts the app into #root.
// First, before any module that parses with zod is evaluated.
import './lib/zod-without-eval.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';

// A rebuild (a new version) removes the old files, so a page opened before it cannot fetch a page's code it had
// not loaded yet: load the new version instead of failing, unless that was just tried.
window.addEventListener('vite:preloadError', (event) => {
  const key = 'tongchou.reloadedForNewVersion';
  try {
    const last = Number(window.sessionStorage.getItem(key) ?? 0);
    if (Date.now() - last < 10_000) return;
    window.sessionStorage.setItem(key, String(Date.now()));
  } catch {
    return;
  }
  event.preventDefault();
  window.location.reload();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
