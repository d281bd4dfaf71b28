import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

// Only the parts the app draws with: bars and lines on a category axis.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

/** Colours with at least 3:1 contrast against white, as WCAG asks of graphics. */
const SERIES_COLOURS = ['#9f1239', '#1d4ed8', '#047857', '#b45309'] as const;

export interface Series {
  readonly label: string;
  readonly values: readonly number[];
  readonly kind?: 'bar' | 'line';
}

/**
 * A chart drawn on a canvas. The canvas is an image to assistive technology, labelled with what it
 * shows; the table beside every chart holds the same figures as text.
 */
export function SeriesChart({ label, categories, series, formatNumber }: {
  label: string;
  categories: readonly string[];
  series: readonly Series[];
  formatNumber: (value: number) => string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const config: ChartConfiguration<'bar' | 'line', number[], string> = {
      type: 'bar',
      data: {
        labels: [...categories],
        datasets: series.map((s, i) => ({
          type: s.kind ?? 'bar',
          label: s.label,
          data: [...s.values],
          backgroundColor: SERIES_COLOURS[i % SERIES_COLOURS.length],
          borderColor: SERIES_COLOURS[i % SERIES_COLOURS.length],
          yAxisID: s.kind === 'line' ? 'secondary' : 'primary',
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        // Drawn at once: no motion for those who asked for none, and a finished picture to test.
        animation: false,
        plugins: {
          legend: { display: series.length > 1 },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatNumber(Number(item.raw))}` } },
        },
        scales: {
          primary: { beginAtZero: true, ticks: { callback: (value) => formatNumber(Number(value)) } },
          ...(series.some((s) => s.kind === 'line') && {
            secondary: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { callback: (value) => formatNumber(Number(value)) } },
          }),
        },
      },
    };
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [label, categories, series, formatNumber]);
  return (
    <div class="chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
