/** Boot: read the URL, start the worker, build the store, draw. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { resolveOptions } from './model/options.ts';
import type { Command, RunOptions } from './protocol/index.ts';
import { StoreContext } from './ui/context.ts';
import { App } from './ui/components/App.tsx';
import { createLoop, pauseWhenHidden, type WorkerLike } from './ui/loop.ts';
import { readParams } from './ui/params.ts';
import { createAppStore, type AppStore } from './ui/store.ts';
import './ui/styles.css';

const params = readParams(location.search);
const resolved = resolveOptions({
  ...(params.seed === null ? {} : { seed: params.seed }),
  ...(params.servers === null ? {} : { servers: params.servers }),
  ...(params.load === null ? {} : { clientLoadPerSecond: params.load }),
});
const options: RunOptions = {
  seed: resolved.seed,
  servers: resolved.servers,
  electionTimeoutMs: resolved.electionTimeoutMs,
  heartbeatMs: resolved.heartbeatMs,
  latencyMs: resolved.latencyMs,
  dropRate: resolved.dropRate,
  duplicateRate: resolved.duplicateRate,
  leaderNoop: resolved.leaderNoop,
  clientLoadPerSecond: resolved.clientLoadPerSecond,
  unsafe: { ...resolved.unsafe },
};

function storedTheme(): 'light' | 'dark' {
  try {
    const t = localStorage.getItem('raftlab-theme');
    if (t === 'light' || t === 'dark') return t;
  } catch {
    // no storage: follow the system
  }
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const worker = new Worker(new URL('./worker/worker.ts', import.meta.url), { type: 'module' });
let store: AppStore | null = null;
const loop = createLoop(worker as unknown as WorkerLike, () => store!);
store = createAppStore((c: Command) => loop.send(c), {
  speed: params.speed,
  theme: storedTheme(),
  options,
});
pauseWhenHidden(store);
for (const text of params.notices) store.getState().notice({ level: 'info', text });

loop.send({ type: 'newRun', options, speed: params.speed, playing: true });
store.setState({ playing: true });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
