/**
 * A log-log line chart as standalone SVG text: one line per series (a backend), points
 * marked, axes with decade ticks (and 2× / 5× ticks when the range is short), a legend.
 */

export interface ChartSeries {
  readonly name: string;
  readonly points: ReadonlyArray<{ readonly x: number; readonly y: number }>;
}

export interface ChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
}

const WIDTH = 640;
const HEIGHT = 400;
const MARGIN = { left: 80, right: 140, top: 40, bottom: 56 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `[low, high]` in log10, widened to whole decades' neighbourhood so that every point sits inside. */
function logDomain(values: readonly number[]): [number, number] {
  const logs = values.filter((v) => v > 0).map(Math.log10);
  let low = Math.min(...logs);
  let high = Math.max(...logs);
  if (!Number.isFinite(low)) return [0, 1];
  if (high - low < 0.5) {
    const mid = (low + high) / 2;
    low = mid - 0.25;
    high = mid + 0.25;
  }
  const pad = (high - low) * 0.08;
  return [low - pad, high + pad];
}

/** Tick values inside the domain: decades, plus 2 and 5 per decade when there are few decades. */
function ticks([low, high]: [number, number]): number[] {
  const steps = high - low < 2.5 ? [1, 2, 5] : [1];
  const out: number[] = [];
  for (let decade = Math.floor(low); decade <= Math.ceil(high); decade += 1) {
    for (const m of steps) {
      const v = m * 10 ** decade;
      const l = Math.log10(v);
      if (l >= low && l <= high) out.push(v);
    }
  }
  return out;
}

/** `1.5k`, `2M`, `0.02`: short tick labels. */
export function shortNumber(v: number): string {
  const units: Array<[number, string]> = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, suffix] of units) if (v >= size) return `${Number((v / size).toPrecision(3))}${suffix}`;
  return `${Number(v.toPrecision(3))}`;
}

/** The chart as an SVG document. */
export function logLogChart(spec: ChartSpec): string {
  const all = spec.series.flatMap((s) => s.points);
  const xDomain = logDomain(all.map((p) => p.x));
  const yDomain = logDomain(all.map((p) => p.y));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + ((Math.log10(x) - xDomain[0]) / (xDomain[1] - xDomain[0])) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - ((Math.log10(y) - yDomain[0]) / (yDomain[1] - yDomain[0])) * plotH;
  const f = (n: number) => n.toFixed(1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(spec.title)}</text>`,
  ];
  for (const t of ticks(xDomain)) {
    out.push(`<line x1="${f(sx(t))}" y1="${MARGIN.top}" x2="${f(sx(t))}" y2="${MARGIN.top + plotH}" stroke="#ddd"/>`);
    out.push(`<text x="${f(sx(t))}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${shortNumber(t)}</text>`);
  }
  for (const t of ticks(yDomain)) {
    out.push(`<line x1="${MARGIN.left}" y1="${f(sy(t))}" x2="${MARGIN.left + plotW}" y2="${f(sy(t))}" stroke="#ddd"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${shortNumber(t)}</text>`);
  }
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 14}" text-anchor="middle">${escapeXml(spec.xLabel)} (log)</text>`);
  out.push(`<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)} (log)</text>`);
  spec.series.forEach((series, i) => {
    const color = COLORS[i % COLORS.length]!;
    const points = [...series.points].filter((p) => p.x > 0 && p.y > 0).sort((a, b) => a.x - b.x);
    if (points.length > 1) out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map((p) => `${f(sx(p.x))},${f(sy(p.y))}`).join(' ')}"/>`);
    for (const p of points) out.push(`<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="3.5" fill="${color}"><title>${escapeXml(`${series.name}: ${shortNumber(p.x)} → ${shortNumber(p.y)}`)}</title></circle>`);
    const ly = MARGIN.top + 10 + i * 20;
    out.push(`<line x1="${WIDTH - MARGIN.right + 14}" y1="${ly}" x2="${WIDTH - MARGIN.right + 38}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    out.push(`<text x="${WIDTH - MARGIN.right + 44}" y="${ly + 4}">${escapeXml(series.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
