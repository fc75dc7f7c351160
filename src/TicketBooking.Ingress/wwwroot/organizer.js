// The organizer's page: a hall (rows of price categories, the simple form of the catalog's halls) and a session on
// sale in it, through the ingress's admin API with the organizer's token; and the statistics of the organizer's own
// events and sessions, with a per-minute sales chart drawn as plain SVG.
import * as api from "./api.js";

const $ = (id) => document.getElementById(id);

function notice(text, kind = "info") {
  $("notice").textContent = text;
  $("notice").className = text ? kind : "";
}

function failed(error) {
  const errors = error?.problem?.errors ? ` (${Object.values(error.problem.errors).flat().join("; ")})` : "";
  notice(`${error.message ?? error}${errors}`, "error");
}

function show(session) {
  const organizer = Boolean(session?.roles?.some((role) => role === "organizer" || role === "admin"));
  $("signin-form").hidden = Boolean(session);
  $("signed-in").hidden = !session;
  $("organizer").hidden = !organizer;
  $("user").textContent = session ? `Signed in (user #${session.userId})` : "";
  if (session && !organizer) notice("This account is not an organizer: an admin gives it the role.", "warn");
  if (organizer) loadStatistics();
}

const SVG = "http://www.w3.org/2000/svg";
const money = (minor) => (minor / 100).toFixed(2);
const percent = (rate) => `${(rate * 100).toFixed(1)}%`;

// The page's Content-Security-Policy allows styles only from style.css, which is the buyer's page's: the few the
// statistics need are set through the DOM (which that policy does not restrict) and as SVG presentation attributes.
function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = String(text);
  td.style.padding = "0.2rem 0.6rem";
  td.style.textAlign = row.children.length === 0 ? "left" : "right";
  td.style.borderBottom = "1px solid var(--line)";
  row.append(td);
  return td;
}

function figureCells(row, figures) {
  for (const value of [figures.ticketsSold, figures.ticketsReturned, money(figures.grossRevenue), money(figures.refunds), money(figures.netRevenue)]) {
    cell(row, value);
  }
  cell(row, percent(figures.fillRate));
}

async function loadStatistics() {
  try {
    const [events, sessions] = await Promise.all([
      api.admin("GET", "/api/organizer/statistics/events?limit=200"),
      api.admin("GET", "/api/organizer/statistics/sessions?limit=200"),
    ]);
    const eventRows = events.map((event) => {
      const row = document.createElement("tr");
      cell(row, `${event.title} (#${event.eventId})`);
      cell(row, event.figures.sessions);
      figureCells(row, event.figures);
      return row;
    });
    $("stats-events").replaceChildren(...eventRows);
    const sessionRows = sessions.map((session) => {
      const row = document.createElement("tr");
      row.dataset.sessionId = String(session.sessionId);
      cell(row, `${session.title ?? "Session"} (#${session.sessionId})`);
      cell(row, session.startsAt ? new Date(session.startsAt).toLocaleString() : "");
      figureCells(row, session.figures);
      const chart = document.createElement("button");
      chart.type = "button";
      chart.className = "link";
      chart.textContent = "Sales per minute";
      chart.addEventListener("click", () => showSales(session));
      cell(row, "").append(chart);
      return row;
    });
    $("stats-sessions").replaceChildren(...sessionRows);
    $("statistics").dataset.loaded = "true";
    if (sessions.length > 0 && !$("stats-chart").dataset.sessionId) await showSales(sessions[sessions.length - 1]);
  } catch (error) {
    failed(error);
  }
}

async function showSales(session) {
  try {
    const minutes = await api.admin("GET", `/api/organizer/statistics/sessions/${session.sessionId}/sales-per-minute`);
    $("stats-chart-title").textContent = `Sales per minute: ${session.title ?? "session"} (#${session.sessionId})`;
    drawChart(minutes);
    $("stats-chart").dataset.sessionId = String(session.sessionId);
  } catch (error) {
    failed(error);
  }
  await showRoom(session.sessionId);
}

/** The session's waiting room, where it has one: its phase, the shuffle's seed and the counts. */
async function showRoom(sessionId) {
  const node = $("stats-room");
  try {
    const room = await api.admin("GET", `/api/admin/sessions/${sessionId}/waiting-room`);
    const c = room.counts;
    node.textContent = `Waiting room (${room.phase}): ${c.waiting} waiting, ${c.admitted} admitted, ${c.bought} bought, ` +
      `${c.abandoned} abandoned, ${c.left} left` + (room.seed !== null ? `; shuffled with seed ${room.seed}.` : ".");
    node.hidden = false;
  } catch {
    node.hidden = true; // no room (404), or not readable now
  }
}

/** Bars of tickets per minute, the minutes without sales left out, as the API answers. */
function drawChart(minutes) {
  const svg = $("stats-chart");
  svg.style.maxWidth = "100%";
  svg.style.height = "auto";
  const [width, height, left, bottom] = [640, 180, 36, 22];
  const most = Math.max(1, ...minutes.map((minute) => minute.tickets));
  const step = (width - left - 8) / Math.max(1, minutes.length);
  const shapes = [];
  const label = (x, y, text, anchor = "start") => {
    const node = document.createElementNS(SVG, "text");
    node.setAttribute("font-size", "11");
    node.setAttribute("fill", "currentColor");
    node.setAttribute("x", String(x));
    node.setAttribute("y", String(y));
    node.setAttribute("text-anchor", anchor);
    node.textContent = text;
    return node;
  };
  shapes.push(label(left - 4, 14, String(most), "end"), label(left - 4, height - bottom, "0", "end"));
  minutes.forEach((minute, i) => {
    const barHeight = ((height - bottom - 10) * minute.tickets) / most;
    const bar = document.createElementNS(SVG, "rect");
    bar.setAttribute("class", "bar");
    bar.setAttribute("fill", "#2f6fd0");
    bar.setAttribute("x", String(left + i * step + 1));
    bar.setAttribute("y", String(height - bottom - barHeight));
    bar.setAttribute("width", String(Math.max(1, step - 2)));
    bar.setAttribute("height", String(barHeight));
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${new Date(minute.minute).toLocaleTimeString()}: ${minute.tickets} tickets, ${money(minute.amount)}`;
    bar.append(title);
    shapes.push(bar);
  });
  if (minutes.length > 0) {
    shapes.push(label(left, height - 6, new Date(minutes[0].minute).toLocaleTimeString()));
    shapes.push(label(width - 8, height - 6, new Date(minutes[minutes.length - 1].minute).toLocaleTimeString(), "end"));
  } else {
    shapes.push(label(width / 2, height / 2, "No tickets sold yet", "middle"));
  }
  svg.replaceChildren(...shapes);
}

/** "A: 0 0 1" lines as the hall's rows. */
function rowsOf(text) {
  return text.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => {
    const [label, seats = ""] = line.split(":");
    return { label: label.trim(), categories: seats.trim().split(/[\s,]+/).filter(Boolean).map(Number) };
  });
}

function done(text, href) {
  const item = document.createElement("li");
  item.append(text);
  if (href) {
    const link = document.createElement("a");
    link.href = href;
    link.textContent = " open it on the buyer's page";
    item.append(link);
  }
  $("done").prepend(item);
}

async function saveHall(event) {
  event.preventDefault();
  const id = api.newId();
  const venue = $("hall-venue").value.trim();
  try {
    await api.admin("PUT", `/api/admin/halls/${id}`, {
      name: $("hall-name").value.trim(),
      ...(venue ? { venueId: venue } : {}),
      rows: rowsOf($("hall-rows").value),
    });
    $("session-hall").value = String(id);
    notice("");
    done(`Hall ${id} saved.`);
  } catch (error) {
    failed(error);
  }
}

async function putOnSale(event) {
  event.preventDefault();
  const chosen = $("session-id").value.trim();
  try {
    const created = await api.admin("POST", "/api/admin/sessions", {
      ...(chosen ? { id: chosen } : {}),
      hallId: $("session-hall").value.trim(),
      title: $("session-title").value.trim(),
      startsAt: new Date($("session-starts").value).toISOString(),
      prices: $("session-prices").value.split(/[\s,]+/).filter(Boolean).map(Number),
      currency: $("session-currency").value.trim().toUpperCase(),
      holdTimeoutSeconds: Number($("session-hold").value),
      maxSeatsPerBuyer: Number($("session-max").value),
    });
    const id = created?.id ?? created?.session?.id ?? chosen;
    notice("");
    done(`Session ${id} is on sale.`, `./#session=${encodeURIComponent(id)}`);
    loadStatistics();
  } catch (error) {
    failed(error);
  }
}

async function start() {
  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api.signIn($("signin-email").value.trim(), $("signin-password").value);
      $("signin-password").value = "";
    } catch (error) {
      failed(error);
    }
  });
  $("signout").addEventListener("click", () => api.signOut());
  $("hall-form").addEventListener("submit", saveHall);
  $("session-form").addEventListener("submit", putOnSale);
  $("stats-refresh").addEventListener("click", loadStatistics);
  const tomorrow = new Date(Date.now() + 86_400_000);
  tomorrow.setMinutes(0, 0, 0);
  $("session-starts").value = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  api.onSessionChange(show);
  try {
    await api.configure();
  } catch (error) {
    failed(error);
    return;
  }
  show(api.currentSession());
  document.body.dataset.ready = "true";
}

start();
