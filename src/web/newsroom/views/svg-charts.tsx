import type { Point } from '../../../audience/audience-report.ts';

const numbers = new Intl.NumberFormat('ar-MA');

export function formatCount(n: number): string {
  return numbers.format(n);
}

/**
 * Views over time as columns, drawn on the server in SVG (no script, no library). Time runs
 * right to left, as the page reads: the oldest column at the right, the newest at the left.
 * Each column carries its label and count as a tooltip; the scale's top is written beside it.
 */
export function ColumnChart({
  points,
  label,
  height = 180,
}: {
  points: readonly Point[];
  label: string;
  height?: number;
}) {
  const width = 720;
  const top = 16;
  const bottom = 26;
  const max = Math.max(1, ...points.map((p) => p.views));
  const slot = width / Math.max(1, points.length);
  const barWidth = Math.max(1, slot * 0.7);
  const plot = height - top - bottom;
  // A label every few columns, so that they never overlap.
  const every = Math.max(1, Math.ceil(points.length / 6));
  return (
    <svg
      class="chart"
      // Numbers and times read left to right even on this right-to-left page.
      direction="ltr"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}: ${formatCount(points.reduce((s, p) => s + p.views, 0))} مشاهدة`}
    >
      <line class="chart__axis" x1="0" x2={width} y1={top + plot} y2={top + plot} />
      <line class="chart__grid" x1="0" x2={width} y1={top} y2={top} />
      <text class="chart__scale" x={width - 4} y={top - 4} text-anchor="end">
        {formatCount(max)}
      </text>
      {points.map((p, i) => {
        const h = (p.views / max) * plot;
        // Right to left: column i starts from the right edge.
        const x = width - (i + 1) * slot + (slot - barWidth) / 2;
        return (
          <g key={p.start.toISOString()}>
            <rect class="chart__bar" x={x} y={top + plot - h} width={barWidth} height={h}>
              <title>{`${p.label}: ${formatCount(p.views)}`}</title>
            </rect>
            {i % every === 0 && (
              <text
                class="chart__label"
                // Kept clear of the edges, where half a label would be cut.
                x={Math.min(width - 24, Math.max(24, x + barWidth / 2))}
                y={height - 8}
                text-anchor="middle"
              >
                {p.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** A small line of one article's views over the period (right to left, like ColumnChart). */
export function Sparkline({ points, label }: { points: readonly Point[]; label: string }) {
  const width = 160;
  const height = 36;
  const max = Math.max(1, ...points.map((p) => p.views));
  const step = points.length > 1 ? width / (points.length - 1) : 0;
  const path = points
    .map(
      (p, i) =>
        `${i === 0 ? 'M' : 'L'}${(width - i * step).toFixed(1)},${(height - 2 - (p.views / max) * (height - 4)).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg class="sparkline" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <path d={path} />
    </svg>
  );
}
