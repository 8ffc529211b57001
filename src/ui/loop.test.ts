import { describe, expect, it } from 'vitest';
import type { Command, Frame, WorkerMessage } from '../protocol/index.ts';
import { createLoop, type WorkerLike } from './loop.ts';
import type { AppStore } from './store.ts';

function fakeWorker() {
  const posted: Command[] = [];
  const w: WorkerLike = { postMessage: (c) => void posted.push(c), onmessage: null };
  const deliver = (m: Partial<Frame>) =>
    w.onmessage!({ data: { type: 'frame', ...m } as WorkerMessage } as MessageEvent<WorkerMessage>);
  return { w, posted, deliver };
}

function fakeStore() {
  const applied: unknown[] = [];
  const state = { applyFrame: (f: unknown) => void applied.push(f) };
  return { store: { getState: () => state } as unknown as AppStore, applied };
}

describe('loop', () => {
  it('pulls one frame per animation frame while playing, none while one is on its way', () => {
    const { w, posted, deliver } = fakeWorker();
    const { store, applied } = fakeStore();
    const rafs: (() => void)[] = [];
    const loop = createLoop(
      w,
      () => store,
      (cb) => void rafs.push(cb),
    );
    loop.send({ type: 'play' });
    expect(rafs.length).toBe(1);
    rafs.shift()!();
    expect(posted.map((c) => c.type)).toEqual(['play', 'pull']);
    expect(rafs.length).toBe(0); // waiting for the frame
    deliver({ playing: true });
    expect(applied.length).toBe(1);
    expect(rafs.length).toBe(1);
    rafs.shift()!();
    expect(posted.filter((c) => c.type === 'pull').length).toBe(2);
    deliver({ playing: false });
    expect(rafs.length).toBe(0); // paused: no more pulls
  });

  it('lays the page out right after the frame is drawn, in the same task', async () => {
    const { w, deliver } = fakeWorker();
    const { store } = fakeStore();
    const order: string[] = [];
    createLoop(
      w,
      () => store,
      () => {},
      () => order.push('layout'),
    );
    deliver({ playing: true });
    queueMicrotask(() => order.push('after'));
    expect(order).toEqual([]);
    await Promise.resolve();
    expect(order).toEqual(['layout', 'after']);
  });
});
