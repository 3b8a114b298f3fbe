import type { FleetItem } from '@csms-console/api-contract';
import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { TIMELINE_WEEKS, timelineBins, type TimelineBins } from '../utils/timeline';
import type { StageKind } from '../utils/severity';

const LABELS = ['Expired', ...Array.from({ length: TIMELINE_WEEKS }, (_, i) => `Week ${i + 1}`)];
const SERIES: readonly { kind: StageKind; label: string; fill: string }[] = [
  { kind: 'current', label: 'SYSCURRENT', fill: '#b42318' },
  { kind: 'labelled', label: 'Other labels', fill: '#d97706' },
  { kind: 'unlabelled', label: 'No label', fill: '#8a94a6' },
];

/**
 * uPlot draws series in order, each over the last: stack SYSCURRENT at the bottom by giving each kind the
 * running total up to it, and draw the tallest (the top of the stack) first.
 */
function stacked(bins: TimelineBins): uPlot.AlignedData {
  const x = LABELS.map((_, i) => i);
  const tops = SERIES.map((_, s) =>
    x.map((i) => SERIES.slice(0, s + 1).reduce((sum, { kind }) => sum + bins[kind][i]!, 0)),
  );
  return [x, ...tops.reverse()];
}

/**
 * Versions expiring per week for the next 13 weeks, the expired stacked first (uPlot: a small canvas chart
 * library, ~20 kB gzip, in the board's chunk only). A canvas says nothing to a screen reader, so the same
 * numbers are a table beside it.
 */
export function ExpiryTimeline({ items, now }: { items: readonly FleetItem[]; now: number }) {
  const bins = useMemo(() => timelineBins(items, now), [items, now]);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = box.current;
    // Without a 2D canvas (a DOM without layout) there is nothing to draw; the table below still holds it all.
    if (!el?.ownerDocument.createElement('canvas').getContext('2d')) return;
    const width = el.clientWidth || 800;
    const reversed = [...SERIES].reverse();
    const plot = new uPlot(
      {
        width,
        height: 200,
        legend: { show: true, live: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [-0.5, TIMELINE_WEEKS + 0.5] } },
        axes: [
          { values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? (LABELS[s] ?? '') : '')) },
          { label: 'Versions' },
        ],
        series: [
          {},
          ...reversed.map((s) => ({
            label: s.label,
            fill: s.fill,
            stroke: s.fill,
            paths: uPlot.paths.bars!({ size: [0.7, 60] }),
            points: { show: false },
          })),
        ],
      },
      stacked(bins),
      el,
    );
    return () => plot.destroy();
  }, [bins]);

  return (
    <figure className="fleet-timeline">
      <figcaption>Versions expiring per week, next {TIMELINE_WEEKS} weeks (expired first)</figcaption>
      <div ref={box} aria-hidden="true" />
      <details>
        <summary>The numbers as a table</summary>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              {SERIES.map((s) => (
                <th key={s.kind} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {LABELS.map((label, i) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {SERIES.map((s) => (
                  <td key={s.kind}>{bins[s.kind][i]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
