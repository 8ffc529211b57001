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

export interface Pacer {
  /**
   * The groups to bring up to date with this frame: all of them when `all`
   * (not playing, an answer to the user, a jump), else the stalest group that is
   * due, if any.
   */
  due(now: number, all: boolean): readonly PanelGroup[];
}

export function createPacer(intervalMs = PANEL_INTERVAL_MS): Pacer {
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
      let pick: PanelGroup | null = null;
      for (const g of PANEL_GROUPS)
        if (now - last[g] >= intervalMs && (pick === null || last[g] < last[pick])) pick = g;
      if (pick === null) return [];
      last[pick] = now;
      return [pick];
    },
  };
}
