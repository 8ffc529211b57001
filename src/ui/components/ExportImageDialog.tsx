/** "Export image": a preview of the picture of this moment, saved as SVG or PNG. */
import { useEffect, useState } from 'react';
import { useApp, useAppStore } from '../context.ts';
import { buildImage, imageName, pngOf, saveBlob, svgText } from '../exportImage.ts';
import { Dialog } from './Dialog.tsx';

interface Picture {
  svg: string;
  url: string;
  width: number;
  height: number;
  name: (ext: 'svg' | 'png') => string;
}

function shown(el: Element | null): boolean {
  return el instanceof HTMLElement ? el.getClientRects().length > 0 : false;
}

export function ExportImageDialog() {
  const open = useApp((s) => s.imageOpen);
  const setOpen = useApp((s) => s.setImageOpen);
  const notice = useApp((s) => s.notice);
  const store = useAppStore();
  const [pic, setPic] = useState<Picture | null>(null);
  const [busy, setBusy] = useState(false);

  // The picture is taken when the dialog opens: the moment on screen then.
  useEffect(() => {
    if (!open) return;
    const s = store.getState();
    const f = s.frame;
    if (!f) return;
    const layers = [...document.querySelectorAll<SVGSVGElement>('.cluster-canvas > svg')];
    const diagramEl = document.querySelector<SVGSVGElement>('[data-diagram] svg.diagram-svg');
    const logsEl = document.querySelector('.logs');
    const svg = buildImage({
      layers,
      diagram: diagramEl && shown(diagramEl.parentElement) ? diagramEl : null,
      logs: shown(logsEl) ? { servers: f.servers, windows: s.logs } : null,
      now: f.simNow,
      events: f.events,
      seed: f.options.seed,
      status: document.querySelector('.cluster-status')?.textContent ?? '',
    });
    const text = svgText(svg);
    const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    const seed = f.options.seed;
    const now = f.simNow;
    setPic({
      svg: text,
      url,
      width: Number(svg.getAttribute('width')),
      height: Number(svg.getAttribute('height')),
      name: (ext) => imageName(seed, now, ext),
    });
    return () => {
      URL.revokeObjectURL(url);
      setPic(null);
    };
  }, [open, store]);

  const savePng = async () => {
    if (!pic) return;
    setBusy(true);
    try {
      saveBlob(await pngOf(pic.svg, pic.width, pic.height), pic.name('png'));
    } catch (err) {
      notice({
        level: 'error',
        text: `The PNG could not be made: ${err instanceof Error ? err.message : String(err)}`,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={() => setOpen(false)} title="Export image">
      <p className="hint">
        The cluster as shown now (with the logs and the diagram when they are shown), in the current
        theme, with the moment&apos;s time in the corner.
      </p>
      {pic ? (
        <img className="export-preview" src={pic.url} alt="Preview of the image" />
      ) : (
        <p className="muted">Making the picture…</p>
      )}
      <div className="dialog-actions">
        <button
          type="button"
          className="primary"
          disabled={!pic}
          onClick={() =>
            pic && saveBlob(new Blob([pic.svg], { type: 'image/svg+xml' }), pic.name('svg'))
          }
        >
          Save SVG
        </button>
        <button type="button" disabled={!pic || busy} onClick={() => void savePng()}>
          Save PNG
        </button>
        {pic && (
          <span className="small muted">
            {pic.width} × {pic.height}
          </span>
        )}
      </div>
    </Dialog>
  );
}
