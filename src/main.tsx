/** Boot: read the URL, start the worker, build the store, draw. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { resolveRunOptions } from './model/options.ts';
import type { Command, RunOptions } from './protocol/index.ts';
import { StoreContext } from './ui/context.ts';
import { App } from './ui/components/App.tsx';
import { createLoop, pauseWhenHidden, type WorkerLike } from './ui/loop.ts';
import { readParams } from './ui/params.ts';
import { createAppStore, type AppStore } from './ui/store.ts';
import { lastWrittenFragment, pageEnv } from './ui/page.ts';
import { readFragment } from './ui/fragment.ts';
import { presetById } from './scenario/presets.ts';
import { TEXT_SCALE_DEFAULT, textScaleOf } from './ui/presentation.ts';
import './ui/styles.css';

const params = readParams(location.search);
// A scenario in the fragment wins over ?seed= and the other parameters.
const linked = readFragment(location.hash);
const fromLink = linked?.ok ? linked.scenario : null;
// (The run below only stands until the link's scenario replaces it.)
const options: RunOptions = resolveRunOptions({
  ...(params.seed === null ? {} : { seed: params.seed }),
  ...(params.servers === null ? {} : { servers: params.servers }),
  ...(params.load === null ? {} : { clientLoadPerSecond: params.load }),
});

function storedTheme(): 'light' | 'dark' {
  try {
    const t = localStorage.getItem('raftlab-theme');
    if (t === 'light' || t === 'dark') return t;
  } catch {
    // no storage: follow the system
  }
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function storedTextScale(): number {
  try {
    return textScaleOf(localStorage.getItem('raftlab-text-scale') ?? TEXT_SCALE_DEFAULT);
  } catch {
    return TEXT_SCALE_DEFAULT;
  }
}

const worker = new Worker(new URL('./worker/worker.ts', import.meta.url), { type: 'module' });
let store: AppStore | null = null;
const loop = createLoop(
  worker as unknown as WorkerLike,
  () => store!,
  undefined,
  () => void document.body.offsetHeight,
);
store = createAppStore(
  (c: Command) => loop.send(c),
  {
    speed: params.speed,
    theme: storedTheme(),
    options,
    embed: params.embed,
    presenter: params.presenter,
    textScale: storedTextScale(),
  },
  pageEnv(),
);
pauseWhenHidden(store);
for (const text of params.notices) store.getState().notice({ level: 'info', text });
if (linked && !linked.ok)
  store.getState().notice({
    level: 'error',
    text: `The link's scenario was not loaded: ${linked.error} Showing a new run instead.`,
  });

loop.send({ type: 'newRun', options, speed: params.speed, playing: fromLink === null });
store.setState({ playing: fromLink === null });
if (fromLink) store.getState().loadScenario(fromLink, 'The link', undefined, true);
else if (params.preset !== null) {
  if (presetById(params.preset)) store.getState().loadPreset(params.preset);
  else
    store.getState().notice({
      level: 'error',
      text: `There is no scenario "${params.preset}": showing a new run instead.`,
    });
}

// A link pasted into this tab changes only the fragment: load it.
window.addEventListener('hashchange', () => {
  if (location.hash === lastWrittenFragment()) return;
  const r = readFragment(location.hash);
  if (r === null) return;
  const s = store!.getState();
  if (!r.ok) s.notice({ level: 'error', text: `The link's scenario was not loaded: ${r.error}` });
  else s.loadScenario(r.scenario, 'The link');
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
