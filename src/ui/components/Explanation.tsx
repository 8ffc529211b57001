/** The chosen preset's story, beside the cluster (dismissible). */
import { useApp } from '../context.ts';

export function Explanation() {
  const ex = useApp((s) => s.explanation);
  const dismiss = useApp((s) => s.dismissExplanation);
  if (!ex) return null;
  return (
    <section className="panel explanation" aria-label="Scenario explanation" data-preset={ex.id}>
      <header className="panel-head">
        <h2>{ex.title}</h2>
        <button type="button" className="icon" aria-label="Dismiss explanation" onClick={dismiss}>
          ×
        </button>
      </header>
      <p>{ex.text}</p>
      {ex.note && <p className="hint">Pause point: {ex.note}</p>}
    </section>
  );
}
