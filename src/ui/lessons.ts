/**
 * The lesson being taken: which step, whether its task is done, the answer to
 * its question. A store of its own beside the app's: it drives the run through
 * the app store's actions (load, seek, next election, notable event) and reads
 * the frames the worker sends, evaluating the step's condition on each.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Frame, Moment } from '../protocol/index.ts';
import type { Scenario } from '../model/scenario.ts';
import { lessonById, LESSONS, scenarioOf, type Lesson, type LessonStep } from '../lessons/index.ts';
import {
  baselineOf,
  holds,
  probe,
  type LessonView,
  type StepBaseline,
} from '../lessons/conditions.ts';
import type { AppState, AppStore } from './store.ts';

/** A reveal steps notable event by notable event at most this many times. */
export const REVEAL_STEPS_MAX = 300;
export const TOUR_KEY = 'raftlab-tour';

export interface Answer {
  chosen: string;
  /** What the simulation did (null while it runs). */
  actual: string | null;
}

export interface LessonState {
  listOpen: boolean;
  /** The first visit's offer ("Take the tour" / "Explore on my own"). */
  offerOpen: boolean;
  lesson: Lesson | null;
  index: number;
  /** Waiting for the worker: loading the step's start, or running a question's reveal. */
  busy: boolean;
  /** The step's task is done (its condition held). */
  done: boolean;
  answer: Answer | null;
  openList(): void;
  closeList(): void;
  /** Starts a lesson at a step (the first unless given); `at` is a continue step's start, from a link. */
  start(id: string, index?: number, at?: Scenario): void;
  next(): void;
  back(): void;
  restart(): void;
  choose(choice: string): void;
  leave(): void;
  takeTour(): void;
  explore(): void;
  /** The address of this step: the lesson, the step and, for a step that continues, its start. */
  stepLink(): string;
}

export type LessonStore = StoreApi<LessonState>;

export interface LessonEnv {
  remember(choice: 'tour' | 'explore'): void;
  /** A link to the app with this query (and the scenario's fragment, if given). */
  linkFor(query: string, s?: Scenario): string;
}

/** `?lesson=<id>&step=<n>` (n from 1): a lesson step's link. */
export function readLessonParams(search: string): { id: string; step: number } | null {
  const q = new URLSearchParams(search);
  const id = q.get('lesson');
  if (id === null) return null;
  const n = Math.floor(Number(q.get('step') ?? '1'));
  return { id, step: Number.isFinite(n) && n >= 1 ? n : 1 };
}

export function currentStep(s: Pick<LessonState, 'lesson' | 'index'>): LessonStep | null {
  return s.lesson?.steps[s.index] ?? null;
}

export function viewOf(app: AppState): LessonView | null {
  const f: Frame | null = app.frame;
  if (!f) return null;
  return {
    servers: f.servers,
    links: f.links,
    ops: f.ops,
    logs: app.logs,
    violationCount: f.violationCount,
    events: f.events,
  };
}

export function createLessonStore(app: AppStore, env: LessonEnv): LessonStore {
  /** What the step is waiting for: a frame that has seen the first `after` commands (`ack` at least `after`). */
  let wait: { after: number; then: 'enter' | 'reveal' } | null = null;
  let baseline: StepBaseline | null = null;
  let reveals = 0;
  /** Where each step that continues began (a scenario at its moment), for Restart and Back. */
  let starts = new Map<number, Scenario>();
  let lastRun = -1;

  const store = createStore<LessonState>()((set, get) => {
    const a = () => app.getState();
    const waitFor = (then: 'enter' | 'reveal') => {
      wait = { after: a().commandsSent(), then };
      set({ busy: true });
    };
    const load = (s: Scenario, at: Moment) => {
      const l = get().lesson!;
      a().loadScenario(s, `The lesson "${l.title}"`, at);
      waitFor('enter');
    };
    /** Shows step `index` from its start; `fresh`: a continuing step starts here and now. */
    const enter = (index: number, fresh: boolean) => {
      const l = get().lesson;
      if (!l) return;
      const step = l.steps[index]!;
      set({ index, done: false, answer: null });
      baseline = null;
      a().pause();
      if (step.start !== 'continue') {
        const at = step.start.at;
        load(scenarioOf(step.source ?? l.source), {
          time: at.time,
          events: at.events ?? Number.MAX_SAFE_INTEGER,
        });
        return;
      }
      const saved = starts.get(index);
      if (!fresh && saved?.moment) {
        load(saved, { time: saved.moment.time, events: saved.moment.events });
        return;
      }
      // Here and now: ask for the run as it stands (the step's start), then begin.
      a().requestLessonScenario();
      waitFor('enter');
    };
    return {
      listOpen: false,
      offerOpen: false,
      lesson: null,
      index: 0,
      busy: false,
      done: false,
      answer: null,
      openList: () => set({ listOpen: true }),
      closeList: () => set({ listOpen: false }),
      start: (id, index = 0, at) => {
        const found = lessonById(id);
        if (!found)
          a().notice({
            level: 'error',
            text: `There is no lesson "${id}": starting "${LESSONS[0]!.title}" instead.`,
          });
        const lesson = found ?? LESSONS[0]!;
        const i = Math.max(0, Math.min(lesson.steps.length - 1, Math.floor(index)));
        starts = new Map();
        set({ lesson, listOpen: false, offerOpen: false });
        a().dismissExplanation();
        if (at?.moment && lesson.steps[i]!.start === 'continue') {
          starts.set(i, at);
          enter(i, false);
          return;
        }
        // A step that continues, opened without its start: begin at the lesson's first step.
        let first = i;
        while (first > 0 && lesson.steps[first]!.start === 'continue') first--;
        enter(first, true);
      },
      next: () => {
        const { lesson, index } = get();
        if (lesson && index < lesson.steps.length - 1) enter(index + 1, true);
      },
      back: () => {
        const { index } = get();
        if (index > 0) enter(index - 1, false);
      },
      restart: () => enter(get().index, false),
      choose: (choice) => {
        const step = currentStep(get());
        const q = step?.question;
        if (!q || get().answer !== null || get().busy) return;
        set({ answer: { chosen: choice, actual: null } });
        reveals = 0;
        if (q.reveal === 'none') {
          // The answer is in the picture already: no command, so no frame to wait for.
          settle();
          return;
        }
        if (q.reveal === 'nextElection') a().nextElection();
        else {
          const v = viewOf(a());
          if (v && baseline && holds(q.reveal.until, v, baseline)) {
            settle();
            return;
          }
          a().notable(1);
        }
        waitFor('reveal');
      },
      leave: () => {
        wait = null;
        set({ lesson: null, index: 0, busy: false, done: false, answer: null });
      },
      takeTour: () => {
        env.remember('tour');
        set({ offerOpen: false });
        get().start(LESSONS[0]!.id);
      },
      explore: () => {
        env.remember('explore');
        set({ offerOpen: false });
      },
      stepLink: () => {
        const { lesson, index } = get();
        if (!lesson) return '';
        const query = `?lesson=${encodeURIComponent(lesson.id)}&step=${index + 1}`;
        return lesson.steps[index]!.start === 'continue'
          ? env.linkFor(query, starts.get(index))
          : env.linkFor(query);
      },
    };
  });

  /** Reads the question's answer off the simulation, now that the reveal has run. */
  const settle = () => {
    const s = store.getState();
    const q = currentStep(s)?.question;
    const v = viewOf(app.getState());
    if (!q || !v || !s.answer || !baseline) return;
    wait = null;
    store.setState({ busy: false, answer: { ...s.answer, actual: probe(q.answer, v, baseline) } });
  };

  const onFrame = (appState: AppState) => {
    const f = appState.frame;
    const s = store.getState();
    if (!f || !s.lesson) return;
    // A new run not of the lesson's making (New run, a preset, a file) ends the lesson.
    if (lastRun !== f.run && wait === null && lastRun !== -1) {
      lastRun = f.run;
      store.getState().leave();
      return;
    }
    lastRun = f.run;
    const v = viewOf(appState)!;
    if (wait !== null) {
      if (f.ack < wait.after) return;
      if (wait.then === 'enter') {
        wait = null;
        baseline = baselineOf(v);
        store.setState({ busy: false });
      } else {
        const q = currentStep(s)?.question;
        if (q && typeof q.reveal === 'object' && baseline) {
          if (!holds(q.reveal.until, v, baseline) && ++reveals < REVEAL_STEPS_MAX) {
            appState.notable(1);
            wait = { after: appState.commandsSent(), then: 'reveal' };
            return;
          }
        }
        settle();
        return;
      }
    }
    const step = currentStep(s);
    if (step?.done && !s.done && baseline && holds(step.done, v, baseline))
      store.setState({ done: true });
  };

  app.subscribe((st, prev) => {
    if (st.frame !== prev.frame) onFrame(st);
    // The run as it stood when a continuing step began.
    if (st.lessonScenario !== prev.lessonScenario && st.lessonScenario) {
      const s = store.getState();
      if (s.lesson) starts.set(s.index, st.lessonScenario);
    }
  });
  return store;
}
