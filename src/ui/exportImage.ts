/**
 * "Export image": the cluster as drawn (and the logs and the space-time diagram
 * when they are shown) as one standalone SVG, in the current theme, with the
 * moment's time in a corner; and the same as a PNG, drawn through a canvas.
 *
 * The SVG copies the page's drawing element by element with its computed
 * style inlined (classes and CSS variables mean nothing outside the page), so
 * the image is what the screen shows at that moment. The logs, HTML on the
 * page, are drawn from the same data as SVG cells.
 */
import type { LogWindow, ServerFrame } from '../protocol/index.ts';
import { termColor } from './theme.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The properties that make an SVG element look as it does. */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'letter-spacing',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
  'visibility',
] as const;

export interface ImageParts {
  /** The cluster's stacked layers, bottom first (all of one view box). */
  layers: SVGSVGElement[];
  /** The space-time diagram, when shown. */
  diagram: SVGSVGElement | null;
  /** The logs, when shown. */
  logs: { servers: ServerFrame[]; windows: Record<number, LogWindow> } | null;
  /** The moment: virtual ms and events processed. */
  now: number;
  events: number;
  seed: number;
  /** What the cluster's status line says ("Leader: S2 (term 1)"). */
  status: string;
}

export const LOG_COLUMNS_MAX = 20;
const LOG_CELL = 44;
const LOG_ROW = 50;
const LOG_NAME_W = 70;

/** A colour as `rgb()`/`rgba()` (the computed colours may be `color(srgb …)`, which few viewers read). */
function colourConverter(): (v: string) => string {
  const cache = new Map<string, string>();
  let ctx: CanvasRenderingContext2D | null = null;
  return (v) => {
    if (v === 'none' || v === '' || v.startsWith('url(') || v.startsWith('rgb')) return v;
    const hit = cache.get(v);
    if (hit) return hit;
    ctx ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true });
    if (!ctx) return v;
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = v;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    const out =
      a === 255 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${(a! / 255).toFixed(3)})`;
    cache.set(v, out);
    return out;
  };
}

/** A copy of `src` and its subtree with the computed style inlined; hidden parts left out. */
function styledCopy(src: Element, colour: (v: string) => string): Element | null {
  const cs = getComputedStyle(src);
  if (cs.display === 'none') return null;
  const dst = document.createElementNS(SVG_NS, src.localName);
  for (const a of src.attributes) {
    if (a.name === 'class' || a.name === 'style' || a.name === 'tabindex') continue;
    if (a.name.startsWith('aria-') || a.name === 'role') continue;
    dst.setAttribute(a.name, a.value);
  }
  if (src.localName !== 'svg' && src.localName !== 'defs' && src.localName !== 'title') {
    const style = STYLE_PROPS.map((p) => {
      let v = cs.getPropertyValue(p);
      if (p === 'fill' || p === 'stroke') v = colour(v);
      return `${p}:${v}`;
    }).join(';');
    dst.setAttribute('style', style);
  }
  for (const child of src.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) dst.append(child.textContent ?? '');
    else if (child instanceof Element) {
      const c = styledCopy(child, colour);
      if (c) dst.append(c);
    }
  }
  return dst;
}

function el(name: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The logs as SVG cells (the last LOG_COLUMNS_MAX indexes of what the page shows). */
function logsGroup(
  logs: NonNullable<ImageParts['logs']>,
  width: number,
  ink: string,
  muted: string,
  panel: string,
): { g: SVGElement; height: number } {
  const g = el('g', { 'data-part': 'logs' });
  const fits = Math.min(LOG_COLUMNS_MAX, Math.floor((width - LOG_NAME_W - 20) / LOG_CELL));
  const last = Math.max(0, ...logs.servers.map((s) => s.lastIndex));
  const first = Math.max(1, last - fits + 1);
  g.append(el('text', { x: 20, y: 30, 'font-size': 24, 'font-weight': 700, fill: ink }, 'Logs'));
  for (let i = first; i <= last; i++)
    g.append(
      el(
        'text',
        {
          x: LOG_NAME_W + (i - first) * LOG_CELL + LOG_CELL / 2,
          y: 58,
          'font-size': 14,
          'text-anchor': 'middle',
          fill: muted,
        },
        String(i),
      ),
    );
  logs.servers.forEach((s, row) => {
    const y = 70 + row * LOG_ROW;
    g.append(
      el(
        'text',
        { x: 20, y: y + 28, 'font-size': 22, 'font-weight': 800, fill: s.up ? ink : muted },
        `S${s.id}`,
      ),
    );
    const w = logs.windows[s.id];
    if (!w) return;
    w.entries.forEach((e, k) => {
      const index = w.from + k;
      if (index < first || index > last) return;
      const x = LOG_NAME_W + (index - first) * LOG_CELL;
      const committed = index <= s.commitIndex;
      const cell = el('g', { 'data-index': index, 'data-committed': String(committed) });
      cell.append(
        el('rect', {
          x: x + 1,
          y,
          width: LOG_CELL - 4,
          height: LOG_ROW - 10,
          rx: 5,
          fill: termColor(e.term),
          'fill-opacity': committed ? 0.75 : 0.25,
          stroke: committed ? ink : termColor(e.term),
          'stroke-width': 2,
          ...(committed ? {} : { 'stroke-dasharray': '5 3' }),
        }),
        el(
          'text',
          {
            x: x + LOG_CELL / 2 - 1,
            y: y + 20,
            'font-size': 17,
            'font-weight': 800,
            'text-anchor': 'middle',
            fill: ink,
          },
          String(e.term),
        ),
        el(
          'text',
          {
            x: x + LOG_CELL / 2 - 1,
            y: y + 34,
            'font-size': 9,
            'text-anchor': 'middle',
            fill: ink,
          },
          e.command === null ? 'no-op' : e.command.slice(0, 7),
        ),
      );
      g.append(cell);
    });
  });
  const height = 70 + logs.servers.length * LOG_ROW + 10;
  g.prepend(el('rect', { width, height, fill: panel }));
  return { g, height };
}

/** The picture as a standalone SVG element (not attached to the page). */
export function buildImage(parts: ImageParts): SVGSVGElement {
  const root = getComputedStyle(document.documentElement);
  const colour = colourConverter();
  const panel = colour(root.getPropertyValue('--panel').trim() || '#fff');
  const ink = colour(root.getPropertyValue('--ink').trim() || '#000');
  const muted = colour(root.getPropertyValue('--muted').trim() || '#555');
  const first = parts.layers[0];
  const vb = first?.viewBox.baseVal;
  const width = vb && vb.width > 0 ? vb.width : 1000;
  const clusterH = vb && vb.height > 0 ? vb.height : 900;

  const svg = el('svg', { xmlns: SVG_NS, 'font-family': root.fontFamily }) as SVGSVGElement;
  // A band at the top for the moment's time, clear of the top server's labels.
  const head = 80;
  svg.append(el('rect', { width, height: head, fill: panel }));
  const cluster = el('g', { 'data-part': 'cluster', transform: `translate(0 ${head})` });
  cluster.append(el('rect', { width, height: clusterH, fill: panel }));
  for (const layer of parts.layers)
    for (const child of layer.children) {
      const c = styledCopy(child, colour);
      if (c) cluster.append(c);
    }
  svg.append(cluster);
  let y = head + clusterH;

  if (parts.logs) {
    const { g, height } = logsGroup(parts.logs, width, ink, muted, panel);
    g.setAttribute('transform', `translate(0 ${y})`);
    svg.append(g);
    y += height;
  }
  if (parts.diagram) {
    const box = parts.diagram.getBoundingClientRect();
    const dw = box.width || width;
    const dh = box.height || 1;
    const k = width / dw;
    const g = el('g', { 'data-part': 'diagram', transform: `translate(0 ${y}) scale(${k})` });
    g.append(el('rect', { width: dw, height: dh, fill: panel }));
    const inner = styledCopy(parts.diagram, colour);
    if (inner) {
      inner.setAttribute('width', String(dw));
      inner.setAttribute('height', String(dh));
      g.append(inner);
    }
    svg.append(g);
    y += dh * k;
  }

  // The moment, top right; the run and the leader, top left.
  svg.append(
    el(
      'text',
      {
        x: width - 20,
        y: 38,
        'text-anchor': 'end',
        'font-size': 32,
        'font-weight': 800,
        fill: ink,
        'data-part': 'time',
      },
      `${(parts.now / 1000).toFixed(3)} s`,
    ),
    el(
      'text',
      { x: width - 20, y: 64, 'text-anchor': 'end', 'font-size': 18, fill: muted },
      `${parts.events} events · seed ${parts.seed}`,
    ),
    el('text', { x: 20, y: 40, 'font-size': 24, fill: ink }, parts.status),
  );
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(Math.ceil(y)));
  svg.setAttribute('viewBox', `0 0 ${width} ${Math.ceil(y)}`);
  return svg;
}

export function svgText(svg: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
}

/** The SVG drawn on a canvas at `scale`, as a PNG (an image from a blob URL: allowed by the CSP's img-src). */
export async function pngOf(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw on a canvas.');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('The PNG could not be made.'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function imageName(seed: number, now: number, ext: 'svg' | 'png'): string {
  return `raftlab-seed-${seed}-${now}ms.${ext}`;
}
