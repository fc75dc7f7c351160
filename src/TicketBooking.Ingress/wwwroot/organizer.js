// The organizer's page: a hall (rows of price categories, the simple form of the catalog's halls) and a session on
// sale in it, through the ingress's admin API with the organizer's token.
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
