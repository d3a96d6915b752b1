import { line, scaleLinear } from "d3";

/** A small inline trend line (no axes) for live dashboards. */
export function sparkline(values: readonly number[], width = 160, height = 34, color = "#3b5bdb"): SVGSVGElement {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  // Drawn in its own coordinates and stretched to the card's width.
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("width", "100%");
  svg.setAttribute("height", String(height));
  svg.setAttribute("class", "spark");
  const only = values.length === 1 ? values[0] : undefined;
  if (only !== undefined) {
    // One round so far: a line needs two points, so the value is a dot (the card says it as "last").
    // With preserveAspectRatio none a circle would stretch: a short horizontal stroke stays a dot.
    const dot = document.createElementNS("http://www.w3.org/2000/svg", "path");
    dot.setAttribute("d", `M1,${height / 2}h4`);
    dot.setAttribute("stroke", color);
    dot.setAttribute("stroke-width", "4");
    dot.setAttribute("class", "spark-point");
    svg.appendChild(dot);
    return svg;
  }
  if (values.length < 2) return svg;
  const x = scaleLinear()
    .domain([0, values.length - 1])
    .range([1, width - 1]);
  const max = Math.max(...values);
  const min = Math.min(...values, 0);
  const y = scaleLinear()
    .domain([min, max === min ? min + 1 : max])
    .range([height - 2, 2]);
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute(
    "d",
    line<number>(
      (_, i) => x(i),
      (v) => y(v),
    )(values.slice()) ?? "",
  );
  path.setAttribute("fill", "none");
  path.setAttribute("stroke", color);
  path.setAttribute("stroke-width", "1.5");
  svg.appendChild(path);
  return svg;
}
