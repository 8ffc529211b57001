/** The first visit's offer: take the tour or explore. Not modal: the app behind takes clicks and keys. */
import { useLesson } from '../lessonContext.ts';

export function TourOffer() {
  const open = useLesson((s) => s.offerOpen);
  const takeTour = useLesson((s) => s.takeTour);
  const explore = useLesson((s) => s.explore);
  if (!open) return null;
  return (
    <section className="panel tour-offer" aria-label="Welcome">
      <h2>New to Raft?</h2>
      <p>
        A short guided lesson shows what the servers, messages and logs on this page are doing, and
        lets you try it yourself.
      </p>
      <div className="lesson-nav">
        <button type="button" className="primary" onClick={takeTour}>
          Take the tour
        </button>
        <button type="button" onClick={explore}>
          Explore on my own
        </button>
      </div>
    </section>
  );
}
