/** The "Lessons" list: pick one to take it. */
import { LESSONS } from '../../lessons/index.ts';
import { useLesson } from '../lessonContext.ts';
import { Dialog } from './Dialog.tsx';

export function LessonsDialog() {
  const open = useLesson((s) => s.listOpen);
  const close = useLesson((s) => s.closeList);
  const start = useLesson((s) => s.start);
  return (
    <Dialog open={open} onClose={close} title="Lessons">
      <ol className="lesson-list">
        {LESSONS.map((l) => (
          <li key={l.id}>
            <button type="button" onClick={() => start(l.id)} data-lesson-id={l.id}>
              {l.title}
            </button>
            <p className="hint">{l.summary}</p>
          </li>
        ))}
      </ol>
    </Dialog>
  );
}
