/** Which columns of the log grid to draw, and which window of the logs to ask the worker for. */

export interface Columns {
  /** Columns in the scrollable canvas. */
  total: number;
  /** First and last index drawn (visible plus overscan). */
  first: number;
  last: number;
  /** The window asked of the worker: `count` entries from `from`. */
  from: number;
  count: number;
  maxScroll: number;
}

export function logColumns(o: {
  maxLast: number;
  width: number;
  cellWidth: number;
  scrollLeft: number;
  follow: boolean;
  overscan: number;
}): Columns {
  const visible = Math.max(1, Math.ceil(o.width / o.cellWidth));
  // One empty column past the longest log (where nextIndex points), and enough to fill the view.
  const total = Math.max(o.maxLast + 2, visible);
  const maxScroll = Math.max(0, total * o.cellWidth - o.width);
  const left = o.follow ? maxScroll : Math.min(o.scrollLeft, maxScroll);
  const firstVisible = Math.floor(left / o.cellWidth) + 1;
  const first = Math.max(1, firstVisible - o.overscan);
  const last = Math.min(total, firstVisible + visible + o.overscan);
  return { total, first, last, from: first, count: last - first + 1, maxScroll };
}
