/**
 * Presenter mode and the text size: how the page is shown in a room, apart
 * from what it shows. Presenter mode folds the side panels away (one key
 * brings them back), enlarges type and lines and makes the caption large; the
 * text size scales every rem of the page, in both modes.
 */

/** Text sizes offered, as a scale of the page's type. */
export const TEXT_SIZES: readonly { scale: number; label: string }[] = [
  { scale: 0.9, label: 'Small' },
  { scale: 1, label: 'Normal' },
  { scale: 1.15, label: 'Large' },
  { scale: 1.3, label: 'Larger' },
  { scale: 1.5, label: 'Largest' },
];
export const TEXT_SCALE_DEFAULT = 1;

/** A stored or typed scale, kept to one of the offered sizes (else the default). */
export function textScaleOf(x: unknown): number {
  const n = typeof x === 'string' ? Number(x) : x;
  return TEXT_SIZES.some((t) => t.scale === n) ? (n as number) : TEXT_SCALE_DEFAULT;
}

export interface PresentationSlice {
  /** Presenter mode: large type, thick lines, side panels folded away. */
  presenter: boolean;
  /** In presenter mode, whether the folded side panels are shown for now. */
  presenterPanels: boolean;
  /** The scale of the page's type (both modes). */
  textScale: number;
  setPresenter(v: boolean): void;
  togglePresenter(): void;
  togglePresenterPanels(): void;
  setTextScale(x: number): void;
}

export function presentationSlice(
  set: (p: Partial<PresentationSlice>) => void,
  get: () => PresentationSlice,
  init: { presenter?: boolean; textScale?: number },
): PresentationSlice {
  return {
    presenter: init.presenter ?? false,
    presenterPanels: false,
    textScale: textScaleOf(init.textScale ?? TEXT_SCALE_DEFAULT),
    setPresenter: (v) => set({ presenter: v, presenterPanels: false }),
    togglePresenter: () => get().setPresenter(!get().presenter),
    togglePresenterPanels: () => {
      if (get().presenter) set({ presenterPanels: !get().presenterPanels });
    },
    setTextScale: (x) => set({ textScale: textScaleOf(x) }),
  };
}
