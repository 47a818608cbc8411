import type { HourOfRequests } from './request-history.js';

const WIDTH = 288;
const HEIGHT = 72;
const BAR = WIDTH / 24;

/**
 * A carrier's last 24 hours as a small inline SVG: one bar per hour of requests sent (scaled to the
 * busiest hour), and a line of its daily quota's use at each hour's end (scaled to the quota). No script,
 * no external file; the numbers are in each bar's `<title>` for a reader hovering or a screen reader.
 */
export function requestsChart(
  hours: readonly HourOfRequests[],
  options: { readonly label: string; readonly quotaLimit?: number },
): string {
  const busiest = Math.max(1, ...hours.map((h) => h.requests));
  const bars = hours
    .map((h, i) => {
      const height = (h.requests / busiest) * (HEIGHT - 4);
      const hour = new Date(h.at).toISOString().slice(11, 16);
      return `<rect class="bar" x="${(i * BAR + 1).toFixed(1)}" y="${(HEIGHT - height).toFixed(1)}" width="${(BAR - 2).toFixed(1)}" height="${height.toFixed(1)}"><title>${hour} UTC: ${h.requests} requests</title></rect>`;
    })
    .join('');
  const limit = options.quotaLimit;
  const points =
    limit === undefined
      ? []
      : hours.flatMap((h, i) =>
          h.quotaUsed === undefined
            ? []
            : [
                `${(i * BAR + BAR / 2).toFixed(1)},${(HEIGHT - (Math.min(h.quotaUsed, limit) / limit) * (HEIGHT - 4)).toFixed(1)}`,
              ],
        );
  const line =
    points.length > 0 ? `<polyline class="quota" fill="none" points="${points.join(' ')}"></polyline>` : '';
  return `<svg class="chart" role="img" aria-label="${escapeHtml(options.label)}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" xmlns="http://www.w3.org/2000/svg">${bars}${line}</svg>`;
}

/** Text for HTML, in an element or an attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
