/**
 * The link between the worker and the store. Frames are pulled, one per
 * display frame at most: while playing, each animation frame asks for the next
 * frame unless one is still on its way; while paused, a frame is pulled only
 * after a command. A hidden page gets no animation frames, so it costs nothing;
 * playback pauses when the page is hidden and resumes on return.
 */
import type { Command, WorkerMessage } from '../protocol/index.ts';
import type { AppStore } from './store.ts';

export interface WorkerLike {
  postMessage(c: Command): void;
  onmessage: ((ev: MessageEvent<WorkerMessage>) => void) | null;
}

export interface Loop {
  /** Sends a command and makes sure a frame follows it. */
  send(c: Command): void;
}

export function createLoop(
  worker: WorkerLike,
  getStore: () => AppStore,
  raf: (cb: () => void) => void = (cb) => requestAnimationFrame(cb),
  layout: (() => void) | null = null,
): Loop {
  let waiting = false;
  let scheduled = false;
  let wanted = false;

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    raf(tick);
  };
  const tick = () => {
    scheduled = false;
    if (waiting) return; // the frame's arrival schedules the next pull
    waiting = true;
    wanted = false;
    worker.postMessage({ type: 'pull' });
  };

  worker.onmessage = (ev) => {
    const m = ev.data;
    const store = getStore().getState();
    if (m.type === 'notice') {
      store.notice({ level: m.level, text: m.text });
      return;
    }
    if (m.type === 'scenario') {
      store.receiveScenario(m);
      return;
    }
    if (m.type === 'diagram') {
      store.receiveDiagram(m);
      return;
    }
    waiting = false;
    store.applyFrame(m);
    if (m.playing || wanted) schedule();
    // React draws the frame in a microtask; lay the page out right after it,
    // while the main thread is idle, rather than at the next display frame,
    // where layout would stand between the animation callback and paint.
    if (layout) queueMicrotask(layout);
  };

  return {
    send(c) {
      worker.postMessage(c);
      // A question (the diagram's) needs no frame after it.
      if (c.type === 'diagram') return;
      wanted = true;
      schedule();
    },
  };
}

/** Pauses while the page is hidden and resumes on return if it was playing. */
export function pauseWhenHidden(store: AppStore, doc: Document = document): () => void {
  let resume = false;
  const onChange = () => {
    const s = store.getState();
    if (doc.hidden) {
      resume = s.playing;
      if (s.playing) s.pause();
    } else if (resume) {
      resume = false;
      s.play();
    }
  };
  doc.addEventListener('visibilitychange', onChange);
  return () => doc.removeEventListener('visibilitychange', onChange);
}
