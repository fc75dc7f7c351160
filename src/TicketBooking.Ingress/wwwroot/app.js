// The buyer's page: sessions by city and date, a live seat map, picking seats or asking for the best ones (with a promo
// code and loyalty points if the buyer has them), signing in, the wallet's balance, and each order followed until it
// is final, with its discount and its tickets.
import * as api from "./api.js";
import { SeatMap, seatsOf } from "./seatmap.js";

const FINAL = new Set(["confirmed", "rejected", "released", "expired", "cancelled"]);
const $ = (id) => document.getElementById(id);

const state = {
  cities: new Map(), // id -> city
  nextSessions: null, // URL of the next page of sessions
  details: null, // the open session
  map: null, // its SeatMap
  picked: new Set(),
  stream: null, // its EventSource
  currency: "EUR",
  walletUrl: null, // from /config.json, for the loyalty balance
};

function notice(text, kind = "info") {
  const node = $("notice");
  node.textContent = text;
  node.className = text ? kind : "";
}

function failed(error) {
  notice(error instanceof api.ApiError ? error.message : `Something went wrong: ${error.message ?? error}`, "error");
}

function money(minor, currency = state.currency) {
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

function when(startsAt, timeZone) {
  // In the city's time zone where the catalog knows it (named then), else the browser's.
  const options = { year: "numeric", month: "short", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit" };
  try {
    return new Intl.DateTimeFormat(undefined, timeZone ? { ...options, timeZone, timeZoneName: "short" } : options).format(new Date(startsAt));
  } catch {
    return new Date(startsAt).toLocaleString();
  }
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("data-")) node.setAttribute(key, String(value));
    else node[key] = value;
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

// ---------------------------------------------------------------------------------------------
// account

function showAccount(session) {
  $("signed-out").hidden = Boolean(session);
  $("signed-in").hidden = !session;
  $("orders").hidden = $("order-list").children.length === 0;
  if (session) {
    $("user").textContent = `Signed in (buyer #${session.userId})`;
    $("user").dataset.userId = session.userId;
    $("organizer-link").hidden = !session.roles?.some((role) => role === "organizer" || role === "admin");
    refreshBalance();
    refreshLoyalty();
  } else {
    $("user").textContent = "";
    delete $("user").dataset.userId;
    $("balance").textContent = "–";
    $("balance").dataset.balance = "";
    $("loyalty").hidden = true;
  }
  updateButtons();
}

/** The loyalty balance from the wallet's GET /api/loyalty, where the wallet has one; nothing is shown otherwise. */
async function refreshLoyalty() {
  const node = $("loyalty");
  try {
    state.walletUrl ??= (await api.parse(await (await fetch("/config.json", { cache: "no-store" })).text())).walletUrl.replace(/\/$/, "");
    const loyalty = await api.admin("GET", `${state.walletUrl}/api/loyalty`);
    if (typeof loyalty?.balance !== "number") throw new Error("no loyalty balance");
    node.textContent = `You have ${loyalty.balance} points${loyalty.level ? ` (${loyalty.level})` : ""}.`;
    node.dataset.points = loyalty.balance;
    node.hidden = false;
  } catch {
    node.hidden = true;
  }
}

async function refreshBalance() {
  if (!api.currentSession()) return;
  try {
    const account = await api.wallet();
    if (!account) {
      $("balance").textContent = "no wallet account";
      $("balance").dataset.balance = "";
      return;
    }
    state.currency = account.currency;
    $("balance").textContent = `Balance ${money(account.balance, account.currency)}`;
    $("balance").dataset.balance = account.balance;
  } catch (error) {
    failed(error);
  }
}

function wireAccount() {
  $("show-register").addEventListener("click", () => { $("signin-form").hidden = true; $("register-form").hidden = false; });
  $("show-signin").addEventListener("click", () => { $("register-form").hidden = true; $("signin-form").hidden = false; });
  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api.signIn($("signin-email").value.trim(), $("signin-password").value);
      $("signin-password").value = "";
      notice("");
    } catch (error) {
      failed(error);
    }
  });
  $("register-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api.register($("register-name").value.trim(), $("register-email").value.trim(), $("register-password").value);
      $("register-password").value = "";
      notice("Welcome! Your wallet account is open.");
    } catch (error) {
      failed(error);
    }
  });
  $("signout").addEventListener("click", () => api.signOut());
  $("balance-refresh").addEventListener("click", refreshBalance);
  api.onSessionChange(showAccount);
}

// ---------------------------------------------------------------------------------------------
// sessions

async function loadCities() {
  const cities = await api.cities().catch(() => null);
  if (!Array.isArray(cities) || cities.length === 0) return;
  const select = $("city");
  for (const city of cities) {
    state.cities.set(String(city.id), city);
    select.append(el("option", { value: String(city.id) }, city.name));
  }
  $("city-filter").hidden = false;
}

function sessionsUrl() {
  const query = new URLSearchParams();
  const city = $("city").value, from = $("from").value, to = $("to").value;
  if (city) query.set("cityId", city);
  if (from) query.set("from", new Date(`${from}T00:00:00`).toISOString());
  if (to) query.set("to", new Date(`${to}T23:59:59`).toISOString());
  const text = query.toString();
  return text ? `/api/sessions?${text}` : "/api/sessions";
}

/** Whether a session passes the filters (the server filters too where it can; today's may not). */
function matches(session) {
  const city = $("city").value, from = $("from").value, to = $("to").value;
  if (city && session.cityId !== undefined && String(session.cityId) !== city) return false;
  const starts = new Date(session.startsAt);
  if (from && starts < new Date(`${from}T00:00:00`)) return false;
  if (to && starts > new Date(`${to}T23:59:59`)) return false;
  return true;
}

function sessionItem(session) {
  const where = [session.venueName, session.cityName ?? state.cities.get(String(session.cityId))?.name, session.hallName]
    .filter(Boolean).join(" · ");
  const from = Math.min(...(session.prices ?? []).map((p) => p.price));
  const left = Array.isArray(session.seatsLeft) ? session.seatsLeft.reduce((sum, c) => sum + c.free, 0) : null;
  const timeZone = session.timeZone ?? state.cities.get(String(session.cityId))?.timeZone;
  const button = el("button", { type: "button", class: "session", "data-session-id": session.id },
    el("strong", {}, session.title),
    el("span", {}, when(session.startsAt, timeZone)),
    where ? el("span", { class: "muted" }, where) : null,
    Number.isFinite(from) ? el("span", {}, `from ${money(from, session.currency)}`) : null,
    left !== null ? el("span", { class: "muted" }, `${left} seats left`) : null);
  button.addEventListener("click", () => openSession(session.id).catch(failed));
  return el("li", {}, button);
}

async function listSessions(url, append) {
  try {
    const page = await api.sessions(url);
    const list = $("sessions");
    if (!append) list.replaceChildren();
    for (const session of page.sessions.filter(matches)) list.append(sessionItem(session));
    if (list.children.length === 0) list.append(el("li", { class: "muted" }, "Nothing on sale for these filters."));
    state.nextSessions = page.next;
    $("more-sessions").hidden = !page.next;
  } catch (error) {
    failed(error);
  }
}

function wireSessions() {
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    listSessions(sessionsUrl(), false);
  });
  $("more-sessions").addEventListener("click", () => state.nextSessions && listSessions(state.nextSessions, true));
}

// ---------------------------------------------------------------------------------------------
// the open session: seat map, live availability, picking

function priceOf(category) {
  return state.details?.session.prices.find((p) => p.category === category)?.price;
}

function describe(seat) {
  const price = priceOf(seat.category);
  const parts = [sectionName(seat), `Row ${seat.row} seat ${seat.label}`, `category ${seat.category}`].filter(Boolean);
  if (price !== undefined) parts.push(money(price, state.details.session.currency));
  if (seat.accessible) parts.push("accessible");
  if (seat.companion) parts.push("companion seat");
  return parts.join(" · ");
}

function sectionName(seat) {
  const sections = state.details?.sections ?? [];
  return sections.length > 1 ? sections.find((s) => s.index === seat.section)?.name : null;
}

function seatName(id) {
  const seat = state.map?.seats.get(id);
  return seat ? [sectionName(seat), `Row ${seat.row} seat ${seat.label}`].filter(Boolean).join(" ") : `seat ${id}`;
}

async function openSession(id) {
  const details = await api.sessionDetails(id);
  const session = details.session;
  state.details = details;
  state.picked = new Set();
  history.replaceState(null, "", `#session=${encodeURIComponent(session.id)}`);
  state.stream?.close();
  $("session").hidden = false;
  $("session").dataset.sessionId = session.id;
  $("session-title").textContent = session.title;
  const venue = details.venue?.name ?? session.venueName;
  const city = details.venue?.cityName ?? session.cityName;
  const timeZone = state.cities.get(String(details.venue?.cityId ?? session.cityId))?.timeZone;
  const artists = (details.event?.artists ?? []).map((artist) => artist.name).filter(Boolean).join(", ");
  $("session-where").textContent = [when(session.startsAt, timeZone), artists, venue, city, details.hallName].filter(Boolean).join(" · ");

  $("legend").replaceChildren(...session.prices.map((p) =>
    el("li", {}, el("span", { class: `swatch cat-${p.category % 6}` }), `Category ${p.category}: ${money(p.price, session.currency)}`)));
  const category = $("best-category");
  category.replaceChildren(...session.prices.map((p) => el("option", { value: String(p.category) }, `Category ${p.category} (${money(p.price, session.currency)})`)));
  $("best-count").max = String(session.maxSeatsPerBuyer);

  state.map = new SeatMap($("seatmap"), seatsOf(details), describe, togglePick, details.sections ?? []);
  showPicked();
  follow(session.id);
  document.dispatchEvent(new CustomEvent("tb:session-opened", { detail: { sessionId: session.id } })); // queue.js
  $("session").scrollIntoView({ block: "start" });
}

/** Keeps the map live from the availability stream (the first event is the current state); EventSource reconnects itself. */
function follow(sessionId) {
  const stream = new EventSource(`/api/sessions/${encodeURIComponent(sessionId)}/availability/stream`);
  state.stream = stream;
  $("live").textContent = "Connecting to live availability…";
  stream.addEventListener("availability", (event) => {
    const view = api.parse(event.data);
    if (state.stream !== stream || !state.map) return;
    const newlyTaken = state.map.update(view);
    const lost = newlyTaken.filter((id) => state.picked.has(id));
    for (const id of lost) state.picked.delete(id);
    if (lost.length > 0) {
      notice(`${lost.map(seatName).join(", ")} ${lost.length === 1 ? "was" : "were"} just taken by someone else.`, "warn");
      showPicked();
    }
    const free = view.freeByCategory.reduce((sum, n) => sum + n, 0);
    $("live").textContent = view.onSale ? `Live: ${free} of ${view.seatCount} seats free.` : "This session is not on sale any more.";
    $("live").dataset.asOf = view.asOfDecision;
  });
  stream.addEventListener("error", () => {
    if (state.stream === stream) $("live").textContent = "Live availability interrupted; reconnecting…";
  });
}

function togglePick(seat) {
  const limit = state.details.session.maxSeatsPerBuyer;
  if (state.picked.has(seat.id)) {
    state.picked.delete(seat.id);
  } else if (state.picked.size >= limit) {
    notice(`At most ${limit} seats per order.`, "warn");
    return;
  } else {
    state.picked.add(seat.id);
  }
  showPicked();
}

function showPicked() {
  state.map?.showPicked(state.picked);
  const ids = [...state.picked].sort((a, b) => a - b);
  const total = ids.reduce((sum, id) => sum + (priceOf(state.map.seats.get(id)?.category) ?? 0), 0);
  $("picked").textContent = ids.length === 0
    ? "Click free seats on the map."
    : `${ids.map(seatName).join(", ")}: ${money(total, state.details.session.currency)}`;
  $("picked").dataset.seats = ids.join(",");
  updateButtons();
}

function updateButtons() {
  const signedIn = Boolean(api.currentSession());
  $("buy-selected").disabled = !signedIn || state.picked.size === 0;
  $("buy-best").disabled = !signedIn;
  $("buy-selected").title = signedIn ? "" : "Sign in to buy";
  $("buy-best").title = signedIn ? "" : "Sign in to buy";
}

function wireBuying() {
  $("buy-selected").addEventListener("click", () => {
    const seats = [...state.picked].sort((a, b) => a - b);
    if (seats.length > 0) buy({ seats });
  });
  $("best-form").addEventListener("submit", (event) => {
    event.preventDefault();
    buy({
      count: Number($("best-count").value),
      category: Number($("best-category").value),
      accessible: $("best-accessible").checked,
      fallback: $("best-fallback").value,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// orders

const REJECTED = {
  SeatTaken: "those seats are taken",
  SoldOut: "sold out",
  NoAdjacentSeats: "no seats together",
  OverBuyerLimit: "over the seats per buyer",
  SessionClosed: "the session is closed",
  UnknownPromoCode: "the promo code is not known for this session",
  PromoCodeNotActive: "the promo code is not valid at this time",
  PromoCodeUsedUp: "the promo code has been used up",
  PromoCodeBuyerLimit: "you have used this promo code as often as allowed",
  PromoCodeNotApplicable: "the promo code does not apply to these seats",
};

/** How the amount came down from the list price, or "" when it did not. */
function discountText(order) {
  const promo = order.promoDiscount ?? 0, points = order.pointsSpent ?? 0;
  if (promo === 0 && points === 0) return "";
  const parts = [`list ${money(order.listAmount ?? order.amount ?? 0)}`];
  if (promo > 0) parts.push(`promo code −${money(promo)}`);
  if (points > 0) parts.push(`${points} points −${money(points)}`);
  return ` (${parts.join(", ")})`;
}

const RELEASED = {
  "insufficient funds": "not enough money in the wallet",
  "no account": "no wallet account",
};

function orderText(order) {
  switch (order.status) {
    case "pending": return "Pending: waiting for the seats…";
    case "held": return `Held: paying ${money(order.amount ?? 0)}${discountText(order)}…`;
    case "confirmed": return `Confirmed: ${money(order.amount ?? 0)} paid${discountText(order)}.`;
    case "rejected": return `Rejected: ${REJECTED[order.reason] ?? order.reasonText ?? order.reason ?? "not possible"}.`;
    case "released": return `Released: ${RELEASED[order.reason] ?? order.reason ?? "not paid"}.`;
    case "expired": return "Expired: not paid in time.";
    case "cancelled": return "Cancelled.";
    default: return order.status;
  }
}

function showOrder(item, order) {
  item.dataset.status = order.status;
  if (order.promoDiscount !== undefined && order.promoDiscount !== null) item.dataset.promoDiscount = order.promoDiscount;
  if (order.pointsSpent !== undefined && order.pointsSpent !== null) item.dataset.pointsSpent = order.pointsSpent;
  item.querySelector(".status").textContent = orderText(order);
  if (order.seats?.length) {
    item.querySelector(".seats").textContent = order.seats.map(seatName).join(", ");
  }
  const tickets = item.querySelector(".tickets");
  tickets.replaceChildren(...(order.tickets ?? []).map((ticket) =>
    el("li", { class: "ticket", "data-seat": ticket.seat },
      el("span", {}, `#${ticket.number} · ${seatName(ticket.seat)}`),
      el("code", { class: "code" }, ticket.code))));
}

/** The purchase body with the discount fields, where the buyer filled them in. */
function withDiscounts(body) {
  const code = $("promo-code").value.trim();
  const points = Number($("points").value || 0);
  return { ...body, ...(code ? { promoCode: code } : {}), ...(points > 0 ? { points } : {}) };
}

async function buy(seatsAsked) {
  const body = withDiscounts(seatsAsked);
  const sessionId = state.details.session.id;
  const title = state.details.session.title;
  $("buy-selected").disabled = true;
  $("buy-best").disabled = true;
  try {
    const accepted = await api.placeOrder(sessionId, body);
    notice("");
    state.picked = new Set();
    showPicked();
    const item = el("li", { class: "order", "data-order-id": accepted.orderId, "data-status": accepted.status },
      el("strong", {}, title), " ",
      el("span", { class: "status" }), " ",
      el("span", { class: "seats muted" }),
      el("ul", { class: "tickets" }));
    $("orders").hidden = false;
    $("order-list").prepend(item);
    if (body.seats) item.querySelector(".seats").textContent = body.seats.map(seatName).join(", ");
    else item.querySelector(".seats").textContent = `best ${body.count} of category ${body.category}`;
    showOrder(item, accepted);
    await watch(accepted.orderId, item);
  } catch (error) {
    failed(error);
  } finally {
    updateButtons();
  }
}

/** Follows one order by long polling until it is final, then reads the balance again. */
async function watch(orderId, item) {
  for (;;) {
    const order = await api.orderAfter(orderId);
    if (order === null) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    showOrder(item, order);
    if (FINAL.has(order.status)) break;
  }
  await refreshBalance();
  await refreshLoyalty();
}

// ---------------------------------------------------------------------------------------------

async function start() {
  wireAccount();
  wireSessions();
  wireBuying();
  try {
    await api.configure();
  } catch (error) {
    failed(error);
    return;
  }
  showAccount(api.currentSession());
  await loadCities();
  await listSessions(sessionsUrl(), false);
  // A link to one session (#session=ID, which opening a session puts in the address) opens it.
  const linked = () => new URLSearchParams(location.hash.slice(1)).get("session");
  window.addEventListener("hashchange", () => {
    const id = linked();
    if (id && id !== String(state.details?.session.id)) openSession(id).catch(failed);
  });
  if (linked()) await openSession(linked()).catch(failed);
  document.body.dataset.ready = "true";
}

start();
