/** The lesson being taken: the step's text, its task or question, and Back / Next / Restart step. */
import { currentStep } from '../lessons.ts';
import { useLesson } from '../lessonContext.ts';
import type { Question } from '../../lessons/index.ts';

export function LessonPanel() {
  const lesson = useLesson((s) => s.lesson);
  const index = useLesson((s) => s.index);
  const busy = useLesson((s) => s.busy);
  const done = useLesson((s) => s.done);
  const next = useLesson((s) => s.next);
  const back = useLesson((s) => s.back);
  const restart = useLesson((s) => s.restart);
  const leave = useLesson((s) => s.leave);
  const stepLink = useLesson((s) => s.stepLink);
  const step = useLesson(currentStep);
  if (!lesson || !step) return null;
  const last = index === lesson.steps.length - 1;
  return (
    <section
      className="panel lesson"
      aria-label="Lesson"
      data-lesson={lesson.id}
      data-step={index + 1}
      data-busy={busy}
    >
      <header className="panel-head">
        <h2>
          {lesson.title}{' '}
          <span className="lesson-count">
            step {index + 1} of {lesson.steps.length}
          </span>
        </h2>
        <button type="button" className="icon" aria-label="Leave lesson" onClick={leave}>
          ×
        </button>
      </header>
      <h3 className="lesson-step-title">
        {step.title} <span className="sec">{step.section}</span>
      </h3>
      <p>{step.text}</p>
      {step.task && (
        <p className="lesson-task" data-task-done={done}>
          <span className="lesson-mark" aria-hidden="true">
            {done ? '✓' : '→'}
          </span>{' '}
          {step.task}
          {done && <strong className="lesson-done"> Done.</strong>}
        </p>
      )}
      {step.question && <QuestionView q={step.question} />}
      {last && <p className="hint lesson-end">This is the end of the lesson.</p>}
      <div className="lesson-nav">
        <button type="button" onClick={back} disabled={index === 0 || busy}>
          Back
        </button>
        <button type="button" onClick={restart} disabled={busy}>
          Restart step
        </button>
        <button
          type="button"
          className={done || last ? '' : 'primary'}
          onClick={next}
          disabled={last || busy}
        >
          Next
        </button>
        <a className="lesson-link" href={stepLink()} data-testid="step-link">
          Link to this step
        </a>
      </div>
    </section>
  );
}

function QuestionView({ q }: { q: Question }) {
  const answer = useLesson((s) => s.answer);
  const choose = useLesson((s) => s.choose);
  const busy = useLesson((s) => s.busy);
  const verdict =
    answer?.actual == null ? null : answer.actual === answer.chosen ? 'right' : 'wrong';
  const actual = q.choices.find((c) => c.id === answer?.actual)?.label ?? answer?.actual;
  return (
    <div className="lesson-question" data-answer={verdict ?? ''}>
      <p className="lesson-prompt">{q.prompt}</p>
      <div className="lesson-choices" role="group" aria-label={q.prompt}>
        {q.choices.map((c) => (
          <button
            key={c.id}
            type="button"
            aria-pressed={answer?.chosen === c.id}
            disabled={answer !== null || busy}
            onClick={() => choose(c.id)}
          >
            {c.label}
          </button>
        ))}
      </div>
      {answer !== null && verdict === null && (
        <p className="hint" aria-live="polite">
          Let us see what the simulation does…
        </p>
      )}
      {verdict !== null && (
        <p className={`lesson-verdict ${verdict}`} aria-live="polite">
          <strong>
            {verdict === 'right' ? 'Right.' : `Not quite: the simulation says ${actual}.`}
          </strong>{' '}
          {verdict === 'right' ? q.right : q.wrong}
        </p>
      )}
    </div>
  );
}
