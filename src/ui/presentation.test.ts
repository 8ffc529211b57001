import { describe, expect, it, vi } from 'vitest';
import { handleKey } from './keys.ts';
import {
  presentationSlice,
  textScaleOf,
  TEXT_SIZES,
  type PresentationSlice,
} from './presentation.ts';
import type { AppState } from './store.ts';

function slice(init: { presenter?: boolean; textScale?: number } = {}) {
  let state = {} as PresentationSlice;
  const set = (p: Partial<PresentationSlice>) => (state = { ...state, ...p });
  state = presentationSlice(set, () => state, init);
  return () => state;
}

describe('presentation', () => {
  it('keeps a text scale to one of the offered sizes', () => {
    expect(textScaleOf('1.5')).toBe(1.5);
    expect(textScaleOf(1.15)).toBe(1.15);
    expect(textScaleOf('7')).toBe(1);
    expect(textScaleOf('garbage')).toBe(1);
    expect(textScaleOf(null)).toBe(1);
    expect(TEXT_SIZES.map((t) => t.scale)).toContain(1);
  });
  it('folds the side panels whenever presenter mode starts, and shows them on request', () => {
    const get = slice();
    get().togglePresenterPanels(); // not in presenter mode: nothing to unfold
    expect(get().presenterPanels).toBe(false);
    get().togglePresenter();
    expect(get().presenter).toBe(true);
    get().togglePresenterPanels();
    expect(get().presenterPanels).toBe(true);
    get().togglePresenter();
    get().togglePresenter();
    expect(get().presenterPanels).toBe(false);
  });
});

describe('clicker keys', () => {
  const fake = (presenter = false) =>
    ({
      step: vi.fn(),
      stepBack: vi.fn(),
      togglePlay: vi.fn(),
      togglePresenter: vi.fn(),
      togglePresenterPanels: vi.fn(),
      presenter,
    }) as unknown as AppState;
  it('Page Down steps, Page Up steps back, "." and "b" play or pause', () => {
    const s = fake();
    expect(handleKey('PageDown', s)).toBe(true);
    expect(handleKey('PageUp', s)).toBe(true);
    expect(handleKey('.', s)).toBe(true);
    expect(handleKey('b', s)).toBe(true);
    expect(s.step).toHaveBeenCalledTimes(1);
    expect(s.stepBack).toHaveBeenCalledTimes(1);
    expect(s.togglePlay).toHaveBeenCalledTimes(2);
  });
  it('"p" toggles presenter mode; "s" is ours only in presenter mode', () => {
    const s = fake();
    expect(handleKey('p', s)).toBe(true);
    expect(s.togglePresenter).toHaveBeenCalled();
    expect(handleKey('s', s)).toBe(false);
    expect(handleKey('s', fake(true))).toBe(true);
  });
});
