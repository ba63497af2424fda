/**
 * A chart as a PNG: the title, uPlot's canvas (plot, axes and their labels) and a legend
 * with each series' colour, name and last value, on a white background, so the image reads
 * on its own in a report.
 */
import type uPlot from 'uplot';

const PAD = 12;
const TITLE_H = 24;
const LEGEND_ROW_H = 18;

function lastValue(values: ArrayLike<number | null | undefined>): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

export function chartPng(plot: uPlot, title: string): string {
  const source = plot.ctx.canvas;
  const ratio = source.width / Math.max(1, plot.width);
  const lines = plot.series.slice(1);
  const width = source.width / ratio + 2 * PAD;
  const height = TITLE_H + source.height / ratio + PAD + lines.length * LEGEND_ROW_H + PAD;

  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx) return '';
  ctx.scale(ratio, ratio);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#18181b';
  ctx.font = '600 13px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillText(title, PAD, TITLE_H / 2 + 4);
  ctx.drawImage(source, PAD, TITLE_H, source.width / ratio, source.height / ratio);

  let y = TITLE_H + source.height / ratio + PAD + LEGEND_ROW_H / 2;
  ctx.font = '12px system-ui, sans-serif';
  lines.forEach((series, i) => {
    ctx.strokeStyle = typeof series.stroke === 'string' ? series.stroke : '#555';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(PAD, y);
    ctx.lineTo(PAD + 18, y);
    ctx.stroke();
    const value = lastValue(plot.data[i + 1] ?? []);
    const text = `${String(series.label ?? '')}${value === null ? '' : `: ${value.toPrecision(4)} (last)`}`;
    ctx.fillStyle = '#18181b';
    ctx.fillText(text, PAD + 26, y);
    y += LEGEND_ROW_H;
  });
  return canvas.toDataURL('image/png');
}
