/**
 * A streaming line chart on uPlot. React renders the frame once per series layout; new points
 * arrive through `source` (outside React) and are drawn by the shared redraw loop, so a run's
 * progress never re-renders a component. Hover shows every series' value at the cursor in the
 * legend; the chart resizes with its box.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { cancelRedraw, queueChartWork, scheduleRedraw } from './scheduler';
import { chartPng } from './png';

export interface LineSpec {
  label: string;
  color: string;
  /** Dashed, with dots at the points: sparse series such as held-out evaluations. */
  sparse?: boolean;
  dash?: number[];
}

export interface ChartSource {
  get: () => uPlot.AlignedData;
  subscribe: (onChange: () => void) => () => void;
}

export interface LineChartProps {
  title: string;
  /** The title's tooltip (a caveat about what the chart shows). */
  titleNote?: string;
  xLabel: string;
  yLabel: string;
  lines: LineSpec[];
  source: ChartSource;
  logY?: boolean;
  height?: number;
  /** Legend values (hover) and ticks. */
  formatValue: (value: number) => string;
  /** An axis's tick labels, given all its ticks (so that neighbours can be told apart). */
  formatTicks: (ticks: number[]) => string[];
  /** File name of the PNG download (title, plot and legend). */
  pngName: string;
  testId?: string;
}

/** Whether series `si` has at most one value in the visible range [i0, i1]. */
function lonePoint(u: uPlot, si: number, i0: number, i1: number): boolean {
  const values = u.data[si];
  let seen = 0;
  for (let i = i0; i <= i1 && seen < 2; i++) {
    const v = values?.[i];
    if (v !== null && v !== undefined) seen++;
  }
  return seen === 1;
}

function lastValue(values: ArrayLike<number | null | undefined> | undefined): number | null {
  for (let i = (values?.length ?? 0) - 1; i >= 0; i--) {
    const v = values?.[i];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

/** Tick spacings of the step axis: 1, 2, 5, 10, 20, 50, … */
const STEP_INCREMENTS = Array.from(
  { length: 24 },
  (_, i) => [1, 2, 5][i % 3]! * 10 ** Math.floor(i / 3),
);

export function LineChart(props: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const {
    title,
    titleNote,
    xLabel,
    yLabel,
    lines,
    source,
    logY = false,
    height = 150,
    formatValue,
    formatTicks,
  } = props;
  const linesKey = JSON.stringify(lines);
  const plotRef = useRef<uPlot | null>(null);
  /** The plot of the layout before, shown until its replacement is built. */
  const retired = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // Away from the plot the legend shows each series' latest value instead of a dash.
    const value = (u: uPlot, v: number | null, si: number, idx: number | null) => {
      const shown = idx === null ? lastValue(u.data[si]) : v;
      return shown === null || shown === undefined ? '–' : formatValue(shown);
    };
    // Its width is read when it is built: reading it here would force a layout of everything
    // React has just committed (tens of milliseconds when a run's dashboard appears).
    const opts: Omit<uPlot.Options, 'width'> = {
      height,
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false }, y: logY ? { distr: 3 } : {} },
      axes: [
        {
          label: xLabel,
          labelSize: 18,
          size: 30,
          font: '11px system-ui',
          labelFont: '11px system-ui',
          // Steps are whole numbers: no 0.25-step ticks on a short run's axis.
          incrs: STEP_INCREMENTS,
        },
        {
          label: yLabel,
          labelSize: 18,
          size: 52,
          font: '11px system-ui',
          labelFont: '11px system-ui',
          values: (_, ticks) => formatTicks(ticks),
        },
      ],
      series: [
        { label: xLabel, value: (_, v) => (v === null || v === undefined ? '–' : String(v)) },
        ...lines.map((line): uPlot.Series => ({
          label: line.label,
          stroke: line.color,
          width: 1.5,
          spanGaps: true,
          value,
          ...(line.dash ? { dash: line.dash } : {}),
          ...(line.sparse
            ? { dash: [5, 3], points: { show: true, size: 5 } }
            : // A line needs two points: a lone one (the first report of a run) is drawn as a dot.
              { points: { show: lonePoint, size: 5 } }),
        })),
      ],
    };
    // The point count on the figure lets journeys (and screen readers' tools) see growth.
    const figure = el.parentElement;
    const draw = (data: uPlot.AlignedData) => {
      if (figure) figure.dataset.points = String(data[0].length);
      return data;
    };
    // Built in a task of the chart queue (a dashboard of charts is not built in one task);
    // a chart being rebuilt shows its old plot until then, destroyed in the same task.
    let built: { plot: uPlot; stop: () => void } | null = null;
    const cancelBuild = queueChartWork(() => {
      retired.current?.destroy();
      retired.current = null;
      const plot = new uPlot(
        { ...opts, width: Math.max(200, el.clientWidth) },
        draw(source.get()),
        el,
      );
      // batch() draws before it returns (setData alone draws in a microtask), so the redraw
      // loop can measure the time each chart costs and stop within its frame budget.
      const redraw = () => plot.batch(() => plot.setData(draw(source.get())));
      const unsubscribe = source.subscribe(() => scheduleRedraw(redraw));
      const resize = new ResizeObserver(() => {
        const width = Math.max(200, el.clientWidth);
        if (width !== plot.width) plot.setSize({ width, height });
      });
      resize.observe(el);
      plotRef.current = plot;
      built = {
        plot,
        stop: () => {
          unsubscribe();
          cancelRedraw(redraw);
          resize.disconnect();
        },
      };
    });
    return () => {
      cancelBuild();
      if (!built) return;
      const { plot, stop } = built;
      if (plotRef.current === plot) plotRef.current = null;
      stop();
      retired.current = plot;
    };
    // The chart is rebuilt when its layout changes; data flows through `source`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [linesKey, source, logY, xLabel, yLabel, height]);
  // Declared after the effect above: on unmount its cleanup has retired the plot by now.
  useEffect(
    () => () => {
      retired.current?.destroy();
      retired.current = null;
    },
    [],
  );

  const downloadPng = () => {
    if (!plotRef.current) return;
    const link = document.createElement('a');
    link.href = chartPng(plotRef.current, title);
    link.download = props.pngName;
    link.click();
  };

  return (
    <figure className="chart" data-testid={props.testId}>
      <figcaption className="chart__head">
        <span className="chart__title" title={titleNote}>
          {title}
        </span>
        <button
          type="button"
          className="btn-icon chart__png"
          onClick={downloadPng}
          data-testid={props.testId ? `${props.testId}-png` : undefined}
          title="Download this chart as PNG"
          aria-label={`Download ${title} as PNG`}
        >
          ⤓
        </button>
      </figcaption>
      <div ref={box} className="chart__plot" />
    </figure>
  );
}
