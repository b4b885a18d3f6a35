import { AxisBottom, AxisLeft, type TickRendererProps } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";

/**
 * Bar charts drawn on the server as SVG with visx (no JavaScript in the browser): each one an image with a title and
 * a description for screen readers, a text summary under it, a legend, and the figures as a table. Series are told
 * apart by pattern as well as shade, so they read in black and white on paper.
 */
export type Fill = "solid" | "hatch" | "dots";
/**
 * `label` heads the table column; `legend` (when longer) names the series under the chart. A value that is a text (e.g.
 * "vises ikke") or null (`missing`) draws a dash in the chart and the text in the table.
 */
type Series = { label: string; legend?: string; fill: Fill; values: (number | string | null)[] };

// a narrow drawing, so that the labels stay readable when a phone shrinks it to its width
const WIDTH = 480;
const HEIGHT = 240;
const MARGIN = { top: 24, right: 8, bottom: 32, left: 48 };
const FONT = 13;
const INK = "#1a1a1a";
const SHADES: Record<Fill, string> = { solid: "#004993", hatch: "#3a7bbf", dots: "#8fb3db" };

function Patterns({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#ffffff" />
        <rect width="3" height="6" fill={SHADES.hatch} />
      </pattern>
      <pattern id={`${id}-dots`} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#ffffff" />
        <circle cx="3" cy="3" r="1.8" fill={INK} />
      </pattern>
    </defs>
  );
}

/**
 * Tick labels as plain <text>: visx's own Text puts each in a nested <svg style="overflow:visible"> and measures words
 * in a hidden <svg> it adds to the page, and our CSP (style-src 'self') refuses both style attributes.
 */
function tickLabel(dy: string) {
  return function TickLabel({ x, y, formattedValue, textAnchor }: TickRendererProps) {
    return (
      <text x={x} y={y} dy={dy} textAnchor={textAnchor} fontSize={FONT} fill={INK}>
        {formattedValue}
      </text>
    );
  };
}
const LeftTick = tickLabel("0.32em");
const BottomTick = tickLabel("0.71em");

const fillOf = (id: string, fill: Fill) => (fill === "solid" ? SHADES.solid : `url(#${id}-${fill})`);

function Swatch({ id, fill }: { id: string; fill: Fill }) {
  return (
    <svg width="18" height="14" aria-hidden="true" focusable="false" className="chart-swatch">
      <Patterns id={`${id}-sw`} />
      <rect x="0.5" y="0.5" width="17" height="13" fill={fillOf(`${id}-sw`, fill)} stroke={INK} />
    </svg>
  );
}

/**
 * Grouped bars: one group per category (a month, a track), one bar per series. `labels` writes each value above its
 * bar (for few bars); `format` turns a value into the text shown on the axis and the labels.
 */
export function BarChart({
  id,
  title,
  description,
  summary,
  categories,
  series,
  format = (v) => String(v),
  max,
  labels = false,
  tableCaption,
  categoryHeading,
  missing,
}: {
  id: string;
  title: string;
  description: string;
  summary: string;
  categories: string[];
  series: Series[];
  format?: (value: number) => string;
  max?: number;
  labels?: boolean;
  tableCaption: string;
  categoryHeading: string;
  /** the text for a value that is not shown (null) */
  missing: string;
}) {
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const top = max ?? Math.max(1, ...series.flatMap((s) => s.values.map((v) => (typeof v === "number" ? v : 0))));
  const x = scaleBand<string>({ domain: categories, range: [0, innerWidth], padding: 0.2 });
  const inner = scaleBand<string>({ domain: series.map((s) => s.label), range: [0, x.bandwidth()], padding: 0.08 });
  const y = scaleLinear<number>({ domain: [0, top], range: [innerHeight, 0], nice: max === undefined });
  const integerTicks = max === undefined && top < 5;
  return (
    <figure className="status-chart" aria-labelledby={`${id}-caption`}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} className="status-chart-svg">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <Patterns id={id} />
        <Group left={MARGIN.left} top={MARGIN.top}>
          {categories.map((category, c) => (
            <Group key={category} left={x(category) ?? 0}>
              {series.map((s) => {
                const value = s.values[c];
                const barX = inner(s.label) ?? 0;
                if (typeof value !== "number") {
                  return (
                    <text key={s.label} x={barX + inner.bandwidth() / 2} y={innerHeight - 4} textAnchor="middle" fontSize={FONT} fill={INK}>
                      –
                    </text>
                  );
                }
                const barY = y(value);
                return (
                  <g key={s.label}>
                    <Bar x={barX} y={barY} width={inner.bandwidth()} height={innerHeight - barY} fill={fillOf(id, s.fill)} stroke={INK} strokeWidth={0.75} />
                    {labels && (
                      <text x={barX + inner.bandwidth() / 2} y={barY - 4} textAnchor="middle" fontSize={FONT} fill={INK}>
                        {format(value)}
                      </text>
                    )}
                  </g>
                );
              })}
            </Group>
          ))}
          <AxisLeft
            scale={y}
            numTicks={integerTicks ? Math.max(1, Math.round(top)) : 5}
            tickFormat={(v) => format(Number(v))}
            stroke={INK}
            tickStroke={INK}
            tickLabelProps={{ textAnchor: "end" }}
            tickComponent={LeftTick}
          />
          <AxisBottom top={innerHeight} scale={x} stroke={INK} tickStroke={INK} tickLabelProps={{ textAnchor: "middle" }} tickComponent={BottomTick} />
        </Group>
      </svg>
      <figcaption id={`${id}-caption`}>
        <strong>{title}.</strong> {summary}
      </figcaption>
      {series.length > 1 && (
        <ul className="chart-legend nobullet-list">
          {series.map((s) => (
            <li key={s.label}>
              <Swatch id={`${id}-${s.fill}`} fill={s.fill} /> {s.legend ?? s.label}
            </li>
          ))}
        </ul>
      )}
      <div className="table--responsive-scroll">
        <table className="table table--compact chart-table">
          <caption>{tableCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{categoryHeading}</th>
              {series.map((s) => (
                <th key={s.label} scope="col" className="align-text-right">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((category, c) => (
              <tr key={category}>
                <th scope="row">{category}</th>
                {series.map((s) => {
                  const value = s.values[c];
                  return (
                    <td key={s.label} className="align-text-right">
                      {typeof value === "number" ? format(value) : (value ?? missing)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
