/**
 * The panels' beat. The cluster is drawn on every frame; the panels beside it
 * (logs, event log and caption, inspector and client, the timeline's markers) show text that nobody
 * reads sixty times a second, and redrawing them on every frame costs more than
 * the cluster itself. While the run plays, each group of panels is brought up
 * to date a few times a second, never two groups in the same frame (so no frame
 * pays for all of them); when the run is paused, stepped, or the user acts,
 * every group follows the frame at once.
 */
export type PanelGroup = 'logs' | 'events' | 'side' | 'timeline';

export const PANEL_GROUPS: readonly PanelGroup[] = ['logs', 'events', 'side', 'timeline'];

/** How often (wall ms) a panel group is brought up to date while playing. */
export const PANEL_INTERVAL_MS = 250;

/**
 * Each group's interval: the event log and the inspector at the base pace; the
 * log grid, the costliest to update, and the timeline's markers, which move
 * slowly, less often.
 */
export const PANEL_INTERVALS: Readonly<Record<PanelGroup, number>> = {
  logs: 400,
  events: PANEL_INTERVAL_MS,
  side: PANEL_INTERVAL_MS,
  timeline: 500,
};

export interface Pacer {
  /**
   * The groups to bring up to date with this frame: all of them when `all`
   * (not playing, an answer to the user, a jump), else the most overdue group,
   * if any is due.
   */
  due(now: number, all: boolean): readonly PanelGroup[];
}

export function createPacer(
  interval: number | Readonly<Record<PanelGroup, number>> = PANEL_INTERVALS,
): Pacer {
  const every = (g: PanelGroup) => (typeof interval === 'number' ? interval : interval[g]);
  const last = Object.fromEntries(PANEL_GROUPS.map((g) => [g, -Infinity])) as Record<
    PanelGroup,
    number
  >;
  return {
    due(now, all) {
      if (all) {
        for (const g of PANEL_GROUPS) last[g] = now;
        return PANEL_GROUPS;
      }
      // The most overdue group, if any is due.
      let pick: PanelGroup | null = null;
      let late = 0;
      for (const g of PANEL_GROUPS) {
        const by = now - last[g] - every(g);
        if (by >= 0 && (pick === null || by > late)) {
          pick = g;
          late = by;
        }
      }
      if (pick === null) return [];
      last[pick] = now;
      return [pick];
    },
  };
}
