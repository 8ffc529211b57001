/** Which columns of the log grid to draw, and which window of the logs to ask the worker for. */

export interface Columns {
  /** Columns up to the end of the logs (one empty column past the longest), or the view's width. */
  total: number;
  /**
   * Columns of the scrollable canvas: `total` rounded up to whole steps, so that
   * the canvas (a composited layer) is not resized, and repainted whole, with
   * every new entry. Scrolling stops at `maxScroll`, the end of the logs.
   */
  canvas: number;
  /** First and last index drawn (visible plus overscan). */
  first: number;
  last: number;
  /** The window asked of the worker: `count` entries from `from`. */
  from: number;
  count: number;
  maxScroll: number;
}

/** The canvas grows by this many columns at a time. */
export const CANVAS_STEP = 64;

export function logColumns(o: {
  maxLast: number;
  width: number;
  cellWidth: number;
  scrollLeft: number;
  follow: boolean;
  overscan: number;
}): Columns {
  const visible = Math.max(1, Math.ceil(o.width / o.cellWidth));
  // One empty column past the longest log (where nextIndex points), and as many
  // whole columns as fit: short logs never scroll (a part column would hide index 1).
  const total = Math.max(o.maxLast + 2, Math.floor(o.width / o.cellWidth));
  const maxScroll = Math.max(0, total * o.cellWidth - o.width);
  const left = o.follow ? maxScroll : Math.min(o.scrollLeft, maxScroll);
  const firstVisible = Math.floor(left / o.cellWidth) + 1;
  const first = Math.max(1, firstVisible - o.overscan);
  const last = Math.min(total, firstVisible + visible + o.overscan);
  const canvas = Math.ceil(total / CANVAS_STEP) * CANVAS_STEP;
  return { total, canvas, first, last, from: first, count: last - first + 1, maxScroll };
}
