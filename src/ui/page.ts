/**
 * What the store asks of the page: the address bar's fragment (replaceState,
 * never a history entry), share links and file downloads. Kept out of the store
 * so that the store's tests run without a browser.
 */
import type { Scenario } from '../model/scenario.ts';
import { hashForScenario } from '../scenario/codec.ts';
import type { StoreEnv } from './store.ts';

/** The last fragment this page wrote: a `hashchange` to it is our own doing. */
let written = '';

export function lastWrittenFragment(): string {
  return written;
}

export function pageEnv(): StoreEnv {
  return {
    clock: {
      now: () => performance.now(),
      later: (fn, ms) => void setTimeout(fn, ms),
    },
    writeFragment(s) {
      const hash = hashForScenario(s);
      if (hash === location.hash) return;
      written = hash;
      try {
        history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
      } catch {
        // a browser that refuses (too many updates): the next write catches up
      }
    },
    linkFor(s) {
      return `${location.origin}${location.pathname}${hashForScenario(s)}`;
    },
    download(s) {
      const blob = new Blob([`${JSON.stringify(s, null, 2)}\n`], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName(s);
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}

export function fileName(s: Scenario): string {
  const t = s.moment ? `-${s.moment.time}ms` : '';
  return `raftlab-seed-${s.options.seed ?? 1}${t}.json`;
}
