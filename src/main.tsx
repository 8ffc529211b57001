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
import { hashForScenario } from './scenario/codec.ts';
import { presetById } from './scenario/presets.ts';
import { TEXT_SCALE_DEFAULT, textScaleOf } from './ui/presentation.ts';
import { createLessonStore, readLessonParams, TOUR_KEY } from './ui/lessons.ts';
import { LessonContext } from './ui/lessonContext.ts';
import { registerServiceWorker } from './ui/serviceWorker.ts';
import { DIAGRAM_KEY } from './ui/spacetime.ts';
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

function storedDiagram(): boolean {
  try {
    return localStorage.getItem(DIAGRAM_KEY) === '1';
  } catch {
    return false;
  }
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
    diagramOpen: storedDiagram(),
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

const lessons = createLessonStore(store, {
  remember(choice) {
    try {
      localStorage.setItem(TOUR_KEY, choice);
    } catch {
      // no storage: the offer comes back next time
    }
  },
  linkFor: (query, s) =>
    `${location.origin}${location.pathname}${query}${s ? hashForScenario(s) : ''}`,
});
const lessonLink = readLessonParams(location.search);
// The first visit, at the bare address only (a link or a parameter opens straight into the run).
const bare = location.search === '' && location.hash === '';
let seen: string | null;
try {
  seen = localStorage.getItem(TOUR_KEY);
} catch {
  seen = null; // no storage: offer the tour
}
const playing = fromLink === null && lessonLink === null;
// Through the store: it counts the commands a frame has answered (its `ack`).
store.getState().start(playing);
if (lessonLink) lessons.getState().start(lessonLink.id, lessonLink.step - 1, fromLink ?? undefined);
else if (fromLink) store.getState().loadScenario(fromLink, 'The link', undefined, true);
else if (params.preset !== null) {
  if (presetById(params.preset)) store.getState().loadPreset(params.preset);
  else
    store.getState().notice({
      level: 'error',
      text: `There is no scenario "${params.preset}": showing a new run instead.`,
    });
}
if (bare && seen === null) lessons.setState({ offerOpen: true });

// The address bar names the lesson step shown (its fragment follows the run as usual).
lessons.subscribe((l, prev) => {
  if (l.lesson === prev.lesson && l.index === prev.index) return;
  const query = l.lesson ? `?lesson=${encodeURIComponent(l.lesson.id)}&step=${l.index + 1}` : '';
  if (!l.lesson && !new URLSearchParams(location.search).has('lesson')) return;
  try {
    history.replaceState(history.state, '', `${location.pathname}${query}${location.hash}`);
  } catch {
    // refused: the address bar just keeps the old query
  }
});

// A link pasted into this tab changes only the fragment: load it.
window.addEventListener('hashchange', () => {
  if (location.hash === lastWrittenFragment()) return;
  const r = readFragment(location.hash);
  if (r === null) return;
  const s = store!.getState();
  if (!r.ok) s.notice({ level: 'error', text: `The link's scenario was not loaded: ${r.error}` });
  else s.loadScenario(r.scenario, 'The link');
});

registerServiceWorker(() =>
  store!.getState().notice({
    level: 'info',
    text: 'A new version of Raftlab is installed: reload the page to use it.',
    reload: true,
  }),
);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <LessonContext.Provider value={lessons}>
        <App />
      </LessonContext.Provider>
    </StoreContext.Provider>
  </StrictMode>,
);
