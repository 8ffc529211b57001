/**
 * The Web Worker entry: one Engine, fed by the UI's commands. The first message
 * must be `newRun`; everything before it is ignored.
 */
import type { Command, WorkerMessage } from '../protocol/index.ts';
import { Engine } from './engine.ts';

interface WorkerScope {
  postMessage(m: WorkerMessage): void;
  onmessage: ((ev: MessageEvent<Command>) => void) | null;
}
const scope = self as unknown as WorkerScope;

let engine: Engine | null = null;

scope.onmessage = (ev) => {
  const c = ev.data;
  if (engine !== null) {
    engine.handle(c);
    return;
  }
  if (c.type !== 'newRun') return;
  engine = new Engine(
    (m) => scope.postMessage(m),
    () => performance.now(),
    c.options,
    c.speed ?? 0.01,
    c.playing ?? false,
  );
};
