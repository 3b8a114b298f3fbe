import type { FleetItem } from '@csms-console/api-contract';
import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { activeLocale, t, type Locale } from '../../../lib/i18n';
import { formatCount } from '../utils/labels';
import { TIMELINE_WEEKS, timelineBins, type TimelineBins } from '../utils/timeline';
import type { StageKind } from '../utils/severity';

const SERIES: readonly { kind: StageKind; fill: string }[] = [
  { kind: 'current', fill: '#b42318' },
  { kind: 'labelled', fill: '#d97706' },
  { kind: 'unlabelled', fill: '#8a94a6' },
];

/** The chart's words in `locale` (the active one): one label per bar, each series' name, the value axis. */
function chartWords(locale: Locale) {
  return {
    count: (n: number) => formatCount(n, locale),
    bars: [
      t('fleet.timeline.expired'),
      ...Array.from({ length: TIMELINE_WEEKS }, (_, i) => t('fleet.timeline.week', { week: i + 1 })),
    ],
    series: Object.fromEntries(SERIES.map((s) => [s.kind, t(`fleet.timeline.series.${s.kind}`)])) as Record<
      StageKind,
      string
    >,
    axis: t('fleet.timeline.axis'),
  };
}

/**
 * uPlot draws series in order, each over the last: stack SYSCURRENT at the bottom by giving each kind the
 * running total up to it, and draw the tallest (the top of the stack) first.
 */
function stacked(bins: TimelineBins): uPlot.AlignedData {
  const x = Array.from({ length: TIMELINE_WEEKS + 1 }, (_, i) => i);
  const tops = SERIES.map((_, s) =>
    x.map((i) => SERIES.slice(0, s + 1).reduce((sum, { kind }) => sum + bins[kind][i]!, 0)),
  );
  return [x, ...tops.reverse()];
}

/**
 * Versions expiring per week for the next 13 weeks, the expired stacked first (uPlot: a small canvas chart
 * library, ~20 kB gzip, in the board's chunk only). A canvas says nothing to a screen reader, so the same
 * numbers are a table beside it. Its words (bars, legend, axis) and numbers are in the active language.
 */
export function ExpiryTimeline({ items, now }: { items: readonly FleetItem[]; now: number }) {
  const bins = useMemo(() => timelineBins(items, now), [items, now]);
  const box = useRef<HTMLDivElement>(null);
  // Switching the language re-mounts the board, so the words are read once per mount, while rendering.
  const locale = activeLocale();
  const words = useMemo(() => chartWords(locale), [locale]);

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
          {
            values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? (words.bars[s] ?? '') : '')),
          },
          {
            label: words.axis,
            values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? words.count(s) : '')),
          },
        ],
        series: [
          {},
          ...reversed.map((s) => ({
            label: words.series[s.kind],
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
    // A phone turned sideways (or a resized window) redraws the chart at its box's new width.
    const resize =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            if (el.clientWidth > 0 && el.clientWidth !== plot.width) {
              plot.setSize({ width: el.clientWidth, height: 200 });
            }
          });
    resize?.observe(el);
    return () => {
      resize?.disconnect();
      plot.destroy();
    };
  }, [bins, words]);

  return (
    <figure className="fleet-timeline">
      <figcaption>{t('fleet.timeline.caption', { weeks: TIMELINE_WEEKS })}</figcaption>
      <div ref={box} className="fleet-timeline-chart" aria-hidden="true" />
      <details>
        <summary>{t('fleet.timeline.asTable')}</summary>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('fleet.timeline.when')}</th>
              {SERIES.map((s) => (
                <th key={s.kind} scope="col">
                  {words.series[s.kind]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {words.bars.map((label, i) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {SERIES.map((s) => (
                  <td key={s.kind}>{words.count(bins[s.kind][i]!)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
