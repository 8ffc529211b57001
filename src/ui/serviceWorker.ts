/**
 * Offline use: registers the service worker that vite-plugin-pwa generates in the
 * production build (it precaches the whole app, so a second visit needs no network).
 * A new build installs in the background and takes over at once, but the page is
 * never reloaded under the user: `onUpdate` is told, to suggest a reload.
 */
import { Workbox } from 'workbox-window';

export function registerServiceWorker(onUpdate: () => void): void {
  // The dev server has no service worker (nothing to precache, and HMR must win).
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const base = import.meta.env.BASE_URL;
  const wb = new Workbox(`${base}sw.js`, { scope: base });
  wb.addEventListener('controlling', (event) => {
    if (event.isUpdate) onUpdate();
  });
  // Without a service worker (private mode, blocked by policy) the app still runs online.
  wb.register().catch(() => undefined);
}
