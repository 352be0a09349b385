/**
 * Line and grouped bar charts as standalone SVG files, drawn without a plotting dependency: axes with
 * "nice" ticks, an optional log-scaled x axis (for latency against 1k/10k/100k
 * memories), one coloured polyline with point markers per series, and a legend. Any
 * browser or image viewer opens the result.
 *
 * Failure contract: `lineChartSvg` never throws; series with no finite points are
 * listed in the legend but not drawn. `writeSvg` throws the file system's error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One line of a chart. Points with a non-finite `y` are skipped (a peer that cannot do it). */
export interface Series {
  name: string;
  points: Array<{ x: number; y: number | null }>;
  /** Draw dashed (used for reference lines such as a published anchor, or a p95 beside its p50). */
  dashed?: boolean;
  /** Palette slot; series sharing it share a colour (e.g. a mode's p50 and p95). Default: its position. */
  colour?: number;
}

/** A line chart. */
export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Log10 x axis (default false). All x must be > 0. */
  logX?: boolean;
  /** Force the y range; by default it spans 0 (or the minimum) to the maximum, padded. */
  yMin?: number;
  yMax?: number;
}

/** Chart size in pixels; 800x480 reads well on screen and in a README. */
const WIDTH = 800;
const HEIGHT = 480;
const MARGIN = { left: 72, right: 200, top: 48, bottom: 56 };
/** Tableau 10 palette: distinguishable colours, also for most colour-blind readers. */
const COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Tick values covering [lo, hi] at a 1-2-5 step, about `count` of them. */
function niceTicks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function label(v: number): string {
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(0);
  if (Math.abs(v) >= 1000) return `${v / 1000}k`;
  return String(v);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Opening lines of a chart document: the root element, a white background and the title. */
function header(title: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="28" font-size="16" font-weight="bold">${escape(title)}</text>`,
  ];
}

/** A legend entry at row `i` right of the plot area: `swatch` is drawn at (x, y) of the row. */
function legendEntry(i: number, plotWidth: number, name: string, swatch: (x: number, y: number) => string): string[] {
  const ly = MARGIN.top + 12 + i * 20;
  const lx = MARGIN.left + plotWidth + 16;
  return [swatch(lx, ly), `<text x="${lx + 30}" y="${ly + 4}">${escape(name)}</text>`];
}

/**
 * Draws a line chart as an SVG document (a string).
 * @example lineChartSvg({ title: 'recall@k', xLabel: 'k', yLabel: '%', series: [{ name: 'mnemo', points: [{ x: 5, y: 50 }] }] })
 */
export function lineChartSvg(chart: LineChart): string {
  const pts = chart.series.flatMap((s) => s.points.filter((p): p is { x: number; y: number } => p.y !== null && Number.isFinite(p.y)));
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const logX = chart.logX === true;
  const fx = (x: number) => (logX ? Math.log10(x) : x);
  let x0 = xs.length ? Math.min(...xs.map(fx)) : 0;
  let x1 = xs.length ? Math.max(...xs.map(fx)) : 1;
  if (x1 === x0) { x0 -= 0.5; x1 += 0.5; }
  let y0 = chart.yMin ?? Math.min(0, ...ys);
  let y1 = chart.yMax ?? (ys.length ? Math.max(...ys) * 1.08 : 1);
  if (y1 === y0) y1 = y0 + 1;
  const pw = WIDTH - MARGIN.left - MARGIN.right;
  const ph = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + ((fx(x) - x0) / (x1 - x0)) * pw;
  const sy = (y: number) => MARGIN.top + ph - ((y - y0) / (y1 - y0)) * ph;
  const out = header(chart.title);
  // y grid and ticks
  for (const t of niceTicks(y0, y1)) {
    const y = sy(t);
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + pw}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${MARGIN.left - 8}" y="${y + 4}" text-anchor="end">${label(t)}</text>`);
  }
  // x ticks: the data's own x values (k = 5,10,25,50; sizes 1k,10k) read better than a regular grid
  for (const t of [...new Set(xs)].sort((a, b) => a - b)) {
    const x = sx(t);
    out.push(`<line x1="${x}" x2="${x}" y1="${MARGIN.top}" y2="${MARGIN.top + ph}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${x}" y="${MARGIN.top + ph + 18}" text-anchor="middle">${label(t)}</text>`);
  }
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${MARGIN.left + pw / 2}" y="${HEIGHT - 14}" text-anchor="middle">${escape(chart.xLabel)}${logX ? ' (log scale)' : ''}</text>`);
  out.push(`<text transform="translate(18 ${MARGIN.top + ph / 2}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}</text>`);
  chart.series.forEach((s, i) => {
    const colour = COLOURS[(s.colour ?? i) % COLOURS.length]!;
    const drawn = s.points.filter((p): p is { x: number; y: number } => p.y !== null && Number.isFinite(p.y)).sort((a, b) => a.x - b.x);
    if (drawn.length > 0) {
      const d = drawn.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
      out.push(`<polyline points="${d}" fill="none" stroke="${colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
      for (const p of drawn) out.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3.5" fill="${colour}"/>`);
    }
    out.push(...legendEntry(i, pw, `${s.name}${drawn.length === 0 ? ' (n/a)' : ''}`, (x, y) => `<line x1="${x}" x2="${x + 24}" y1="${y}" y2="${y}" stroke="${colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`));
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/**
 * Writes an SVG document (from {@link lineChartSvg} or {@link barChartSvg}) to `path`,
 * creating its folder.
 * @returns `path`.
 * @throws the file system's error.
 */
export function writeSvg(path: string, svg: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, svg);
  return path;
}

/** A grouped bar chart: one group of bars per category, one bar per measure. */
export interface BarChart {
  title: string;
  yLabel: string;
  /** Group labels along the x axis (e.g. systems). */
  categories: string[];
  /** One bar per category for each measure; `null` draws no bar and prints `n/a`. */
  measures: Array<{ name: string; values: Array<number | null> }>;
  /** Log10 y axis, for values spanning orders of magnitude (all drawn values must be > 0). */
  logY?: boolean;
}

/**
 * Draws a grouped bar chart as an SVG document (a string). Each bar is labelled with
 * its value.
 */
export function barChartSvg(chart: BarChart): string {
  const values = chart.measures.flatMap((m) => m.values).filter((v): v is number => v !== null && Number.isFinite(v) && (!chart.logY || v > 0));
  const logY = chart.logY === true;
  const fy = (v: number) => (logY ? Math.log10(v) : v);
  const y0 = logY ? Math.floor(Math.log10(Math.min(...values, 1))) : 0;
  const y1 = logY ? Math.ceil(Math.log10(Math.max(...values, 10))) : (values.length ? Math.max(...values) * 1.12 : 1);
  const pw = WIDTH - MARGIN.left - MARGIN.right;
  const ph = HEIGHT - MARGIN.top - MARGIN.bottom - 24;
  const sy = (v: number) => MARGIN.top + ph - ((fy(v) - y0) / (y1 - y0 || 1)) * ph;
  const out = header(chart.title);
  const ticks = logY ? Array.from({ length: y1 - y0 + 1 }, (_, i) => 10 ** (y0 + i)) : niceTicks(0, y1);
  for (const t of ticks) {
    const y = sy(t);
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + pw}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${MARGIN.left - 8}" y="${y + 4}" text-anchor="end">${label(t)}</text>`);
  }
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  out.push(`<text transform="translate(18 ${MARGIN.top + ph / 2}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}${logY ? ' (log scale)' : ''}</text>`);
  const groupWidth = pw / Math.max(1, chart.categories.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, chart.measures.length);
  chart.categories.forEach((category, c) => {
    const gx = MARGIN.left + c * groupWidth + groupWidth * 0.1;
    out.push(`<text x="${MARGIN.left + (c + 0.5) * groupWidth}" y="${MARGIN.top + ph + 18}" text-anchor="middle">${escape(category)}</text>`);
    chart.measures.forEach((m, i) => {
      const v = m.values[c];
      const x = gx + i * barWidth;
      if (v === null || v === undefined || !Number.isFinite(v) || (logY && v <= 0)) {
        out.push(`<text x="${x + barWidth / 2}" y="${MARGIN.top + ph - 6}" text-anchor="middle" fill="#999">n/a</text>`);
        return;
      }
      const top = sy(v);
      const base = logY ? MARGIN.top + ph : sy(0);
      out.push(`<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${Math.max(0, base - top).toFixed(1)}" fill="${COLOURS[i % COLOURS.length]!}"/>`);
      out.push(`<text x="${x + barWidth / 2}" y="${top - 4}" text-anchor="middle" font-size="10">${v < 10 ? v.toFixed(2) : v.toFixed(0)}</text>`);
    });
  });
  chart.measures.forEach((m, i) => {
    out.push(...legendEntry(i, pw, m.name, (x, y) => `<rect x="${x}" y="${y - 6}" width="24" height="12" fill="${COLOURS[i % COLOURS.length]!}"/>`));
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
