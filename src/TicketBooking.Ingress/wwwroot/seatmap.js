// The seat map as SVG: one <rect data-seat="id"> per seat, placed at the seat's coordinates (or on a grid of rows when
// the catalog has no coordinates), coloured by category, grey once taken. Built with DOM calls only (no markup
// strings, no inline styles), which the Content-Security-Policy requires.

const SVG = "http://www.w3.org/2000/svg";
// Seats are UNIT apart in the SVG's user space: large enough that no browser's minimum font size distorts the labels.
const UNIT = 24;
const SEAT = 0.8 * UNIT; // a seat's size

/** The seats of a session's details: its own list with coordinates, or a grid drawn from its rows. */
export function seatsOf(details) {
  if (Array.isArray(details.seats) && details.seats.length > 0) {
    return details.seats.map((seat) => ({
      id: seat.id,
      row: seat.row ?? "",
      label: seat.label ?? String(seat.id),
      x: Number(seat.x ?? 0),
      y: Number(seat.y ?? 0),
      category: seat.category ?? 0,
      accessible: Boolean(seat.accessible),
      companion: Boolean(seat.companion),
      section: seat.section ?? null,
    }));
  }
  const seats = [];
  (details.rows ?? []).forEach((row, rowIndex) => {
    row.categories.forEach((category, index) => {
      seats.push({
        id: row.firstSeatId + index,
        row: row.label,
        label: String(index + 1),
        x: index,
        y: rowIndex,
        category,
        accessible: false,
        companion: false,
        section: null,
      });
    });
  });
  return seats;
}

function element(name, attributes = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The smallest distance between two seats: the pitch coordinates are scaled by. */
function pitchOf(seats) {
  let best = Infinity;
  const sorted = [...seats].sort((a, b) => a.y - b.y || a.x - b.x);
  for (let i = 1; i < sorted.length; i++) {
    const d = Math.hypot(sorted[i].x - sorted[i - 1].x, sorted[i].y - sorted[i - 1].y);
    if (d > 0 && d < best) best = d;
  }
  return Number.isFinite(best) ? best : 1;
}

export class SeatMap {
  /**
   * @param {SVGSVGElement} svg the element drawn into
   * @param {object[]} seats from seatsOf
   * @param {(seat: object) => string} describe a seat's tooltip
   * @param {(seat: object) => void} onPick called when a free seat is clicked
   */
  constructor(svg, seats, describe, onPick, sections = []) {
    this.svg = svg;
    this.seats = new Map(seats.map((seat) => [seat.id, seat]));
    this.nodes = new Map();
    this.taken = new Set();
    this.asOf = -1;
    svg.replaceChildren();
    svg.removeAttribute("data-as-of");
    if (seats.length === 0) return;

    const pitch = pitchOf(seats);
    const minX = Math.min(...seats.map((s) => s.x)), minY = Math.min(...seats.map((s) => s.y));
    const maxX = Math.max(...seats.map((s) => s.x)), maxY = Math.max(...seats.map((s) => s.y));
    const margin = 1.6 * UNIT; // room for the row labels on the left
    const width = ((maxX - minX) / pitch) * UNIT + margin + UNIT;
    const height = ((maxY - minY) / pitch) * UNIT + 2.8 * UNIT;
    svg.setAttribute("viewBox", `${-margin} ${-2.2 * UNIT} ${width} ${height}`);
    // Drawn at most 1.5 times its own size: a small hall stays small, a large one fits the frame (CSS max-width).
    svg.setAttribute("width", String(Math.round(width * 1.5)));
    svg.setAttribute("height", String(Math.round(height * 1.5)));

    svg.append(element("text", { x: ((maxX - minX) / pitch) * UNIT / 2, y: -1.6 * UNIT, class: "stage" }, "stage"));
    const rowsDrawn = new Set();
    for (const seat of seats) {
      const cx = ((seat.x - minX) / pitch) * UNIT, cy = ((seat.y - minY) / pitch) * UNIT;
      const rowKey = `${seat.section}:${seat.row}`;
      if (seat.row && !rowsDrawn.has(rowKey)) {
        rowsDrawn.add(rowKey);
        svg.append(element("text", { x: -0.7 * UNIT, y: cy + 4, class: "row-label" }, seat.row));
      }
      const node = element("rect", {
        x: cx - SEAT / 2,
        y: cy - SEAT / 2,
        width: SEAT,
        height: SEAT,
        rx: 4,
        class: `seat cat-${seat.category % 6}${seat.accessible ? " accessible" : ""}`,
        "data-seat": seat.id,
        tabindex: 0,
        role: "button",
      });
      node.append(element("title", {}, describe(seat)));
      node.addEventListener("click", () => this.#clicked(seat));
      node.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          this.#clicked(seat);
        }
      });
      svg.append(node);
      if (seat.accessible) {
        svg.append(element("text", { x: cx, y: cy + 5, class: "seat-mark" }, "♿"));
      }
      this.nodes.set(seat.id, node);
    }
    // Each section's name above its first seats, when the hall has more than one.
    if (sections.length > 1) {
      for (const section of sections) {
        const members = seats.filter((seat) => seat.section === section.index);
        if (members.length === 0 || !section.name) continue;
        const top = Math.min(...members.map((seat) => seat.y));
        const left = Math.min(...members.map((seat) => seat.x));
        svg.append(element("text", { x: ((left - minX) / pitch) * UNIT - SEAT / 2, y: ((top - minY) / pitch) * UNIT - 0.55 * UNIT, class: "section-label" }, section.name));
      }
    }
    this.onPick = onPick;
  }

  #clicked(seat) {
    if (!this.taken.has(seat.id)) this.onPick(seat);
  }

  /** Applies an availability view ('1' taken, '0' free, by seat id); older views than the last are ignored. */
  update(view) {
    if (view.asOfDecision < this.asOf) return [];
    this.asOf = view.asOfDecision;
    this.svg.setAttribute("data-as-of", String(view.asOfDecision));
    const newlyTaken = [];
    for (const [id, node] of this.nodes) {
      const taken = view.seats[id] === "1";
      if (taken && !this.taken.has(id)) newlyTaken.push(id);
      if (taken) this.taken.add(id); else this.taken.delete(id);
      node.classList.toggle("taken", taken);
      node.setAttribute("aria-disabled", String(taken));
    }
    return newlyTaken;
  }

  /** Marks the picked seats. */
  showPicked(picked) {
    for (const [id, node] of this.nodes) node.classList.toggle("picked", picked.has(id));
  }
}
