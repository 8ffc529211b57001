/**
 * The chosen preset's story, beside the cluster (dismissible). It unfolds with
 * the run: what is set up first, then the part of the story of each pause
 * point reached so far, never the ending before it happens.
 */
import { useEffect, useRef } from 'react';
import { useApp } from '../context.ts';
import { pointsReached, presetById } from '../../scenario/presets.ts';

export function Explanation() {
  const ex = useApp((s) => s.explanation);
  const dismiss = useApp((s) => s.dismissExplanation);
  const nextPausePoint = useApp((s) => s.nextPausePoint);
  const preset = ex ? presetById(ex.id) : undefined;
  const reached = useApp((s) =>
    preset
      ? pointsReached(preset, { time: s.frame?.simNow ?? 0, events: s.frame?.events ?? 0 })
      : 0,
  );
  const latest = useRef<HTMLParagraphElement>(null);
  // The newest part of the story comes into view (the panel scrolls, never the page).
  useEffect(() => {
    const el = latest.current;
    const box = el?.closest('.explanation');
    if (el && box instanceof HTMLElement && box.scrollHeight > box.clientHeight) {
      // Just under the title, which stays in view (sticky).
      const head = box.querySelector('.panel-head')?.getBoundingClientRect().height ?? 0;
      box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top - head - 8;
    }
  }, [reached]);
  if (!ex || !preset) return null;
  const total = preset.points.length;
  const next = preset.points[reached];
  return (
    <section
      className="panel explanation"
      aria-label="Scenario explanation"
      data-preset={ex.id}
      data-reached={reached}
    >
      <header className="panel-head">
        <h2>{ex.title}</h2>
        <button type="button" className="icon" aria-label="Dismiss explanation" onClick={dismiss}>
          ×
        </button>
      </header>
      <div className="story" aria-live="polite">
        <p>{preset.intro}</p>
        {preset.points.slice(0, reached).map((q, i) => (
          <p
            key={i}
            ref={i === reached - 1 ? latest : undefined}
            className={i === reached - 1 ? 'story-part latest' : 'story-part'}
            data-part={i + 1}
          >
            <span className="story-mark" aria-hidden="true">
              {i + 1}
            </span>{' '}
            {q.text}
          </p>
        ))}
      </div>
      <div className="pause-nav">
        <button
          type="button"
          className={next ? 'primary' : ''}
          onClick={nextPausePoint}
          disabled={!next}
          aria-keyshortcuts="j"
          title={
            next
              ? `Pause point ${reached + 1} of ${total}, at ${next.time} ms (J)`
              : 'The story has been told'
          }
        >
          Go to the next pause point
        </button>
        <span className="hint" data-testid="pause-progress">
          {next
            ? `${reached} of ${total} pause points reached; next at ${next.time} ms`
            : 'The story has been told.'}
        </span>
      </div>
    </section>
  );
}
