import { describe, expect, it } from 'vitest';
import type { Marker } from '../protocol/index.ts';
import { MARKER_SLOTS, markerBeside, placeMarkers } from './markerLayout.ts';

const m = (time: number, kind: Marker['kind'], events = time): Marker => ({
  time,
  events,
  kind,
  server: 1,
  text: kind,
});

describe('placeMarkers', () => {
  it('places markers by time along the run', () => {
    const p = placeMarkers([m(0, 'election'), m(500, 'leader'), m(1000, 'crash')], {
      time: 1000,
      events: 1000,
    });
    expect(p.map((x) => x.x)).toEqual([0, 0.5, 1]);
  });

  it('folds markers of one kind that share a slot, not markers of different kinds', () => {
    const many = Array.from({ length: 1000 }, (_, i) => m(i, 'commit'));
    const p = placeMarkers([...many, m(10, 'crash')], { time: 1000, events: 1000 }, 100);
    expect(p.filter((x) => x.marker.kind === 'commit').length).toBeLessThanOrEqual(101);
    expect(p.filter((x) => x.marker.kind === 'commit').reduce((a, x) => a + x.count, 0)).toBe(1000);
    expect(p.some((x) => x.marker.kind === 'crash')).toBe(true);
  });

  it('leaves out markers past the head (a dropped future)', () => {
    const p = placeMarkers([m(100, 'crash'), m(900, 'restart')], { time: 500, events: 500 });
    expect(p.map((x) => x.marker.kind)).toEqual(['crash']);
  });

  it('shifts a lettered marker that would cover the one before it', () => {
    const p = placeMarkers([m(100, 'election'), m(101, 'leader'), m(900, 'crash')], {
      time: 1000,
      events: 1000,
    });
    expect(p.map((x) => x.nudge)).toEqual([0, 1, 0]);
  });
});

describe('placeMarkers over a long run', () => {
  it('draws a bounded number of markers however long the run', () => {
    // Ten minutes at 20 commits a second, with an election every minute.
    const markers: Marker[] = [];
    for (let t = 0; t < 600_000; t += 50) markers.push(m(t, 'commit'));
    for (let t = 0; t < 600_000; t += 60_000) markers.push(m(t, 'election'));
    const p = placeMarkers(markers, { time: 600_000, events: 600_000 });
    expect(p.length).toBeLessThanOrEqual(MARKER_SLOTS + 1 + 10);
    expect(p.filter((x) => x.marker.kind === 'election').length).toBe(10);
  });
});

describe('markerBeside', () => {
  const ms = [m(100, 'election'), m(150, 'commit'), m(200, 'leader', 210), m(200, 'crash', 230)];
  it('finds the nearest marker after or before a moment, passing over commits', () => {
    expect(markerBeside(ms, { time: 100, events: 100 }, 1)?.kind).toBe('leader');
    expect(markerBeside(ms, { time: 200, events: 210 }, 1)?.kind).toBe('crash');
    expect(markerBeside(ms, { time: 200, events: 230 }, -1)?.kind).toBe('leader');
    expect(markerBeside(ms, { time: 199, events: 500 }, -1)?.kind).toBe('election');
  });
  it('gives nothing past the ends', () => {
    expect(markerBeside(ms, { time: 100, events: 100 }, -1)).toBeNull();
    expect(markerBeside(ms, { time: 300, events: 0 }, 1)).toBeNull();
  });
});
