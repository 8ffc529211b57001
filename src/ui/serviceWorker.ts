/**
 * Offline use: registers the service worker that vite-plugin-pwa generates in the
 * production build (it precaches the whole app, so a second visit needs no network).
 * A new build installs in the background and takes over at once (skipWaiting,
 * clientsClaim), but the page is never reloaded under the user: `onUpdate` is told,
 * to suggest a reload. Registered from the bundle: the CSP allows no inline script.
 */
export function registerServiceWorker(onUpdate: () => void): void {
  // The dev server has no service worker (nothing to precache, and HMR must win).
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const sw = navigator.serviceWorker;
  // The first install also takes control of the page: only a change of controller
  // while an older build was in control is an update.
  const hadController = sw.controller !== null;
  let told = false;
  sw.addEventListener('controllerchange', () => {
    if (!hadController || told) return;
    told = true;
    onUpdate();
  });
  const base = import.meta.env.BASE_URL;
  const register = () =>
    sw
      .register(`${base}sw.js`, { scope: base })
      // Look for a new deploy now: browsers check on navigation only now and then.
      .then((reg) => (hadController ? reg.update() : undefined))
      // Without a service worker (private mode, blocked by policy, offline update
      // check) the app still runs.
      .catch(() => undefined);
  // After the page has loaded, so precaching does not compete with it.
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}
