// The volunteer's page: joins by invitation link, shows the week's assignments with place, time, what to bring and
// why they were picked, answers offers before their deadline, and shows new offers live with a badge and a chime.
import { Api, Push, parseLocal } from "./api.js";
import { apply, pick, t, toggle } from "./i18n.js";

const api = new Api("tandem.volunteer");
const $ = (id) => document.getElementById(id);
let offers = new Map();
let unseen = 0;

function showMessage(text) {
  $("message").textContent = text;
  $("message").hidden = !text;
}

function chime() {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.4);
  } catch { /* no audio before the first user gesture: the badge still shows */ }
}

function setBadge(count) {
  unseen = count;
  $("badge").textContent = String(count);
  $("badge").hidden = count === 0;
  document.title = (count ? `(${count}) ` : "") + "同行 · Tandem";
}

function bring(details) {
  const fields = details?.fields || {};
  return [details?.notes, fields.dietaryNote, fields.subject].filter(Boolean).join(" · ");
}

function render() {
  const list = $("offers");
  list.replaceChildren();
  const sorted = [...offers.values()].filter((o) => o.status !== "cancelled")
    .sort((a, b) => (a.details?.start || "").localeCompare(b.details?.start || ""));
  if (!sorted.length) {
    const empty = document.createElement("li");
    empty.className = "empty";
    empty.textContent = t("noOffers");
    list.append(empty);
  }
  for (const offer of sorted) {
    const item = document.createElement("li");
    item.className = `offer ${offer.status}`;
    item.dataset.offer = offer.id;
    item.dataset.task = offer.task;
    const start = parseLocal(offer.details?.start || ""), end = parseLocal(offer.details?.end || "");
    const title = document.createElement("h3");
    title.textContent = offer.details?.title || offer.details?.kind || offer.task;
    const when = document.createElement("p");
    when.className = "when";
    when.textContent = `${start.date} ${start.time}–${end.time}`;
    const where = document.createElement("p");
    where.textContent = `${t("where")}: ${offer.details?.site?.name || ""}`;
    const state = document.createElement("p");
    state.className = "state";
    state.textContent = t(offer.status);
    item.append(title, when, where);
    const extra = bring(offer.details);
    if (extra) {
      const note = document.createElement("p");
      note.textContent = `${t("bring")}: ${extra}`;
      item.append(note);
    }
    if (offer.why) {
      const why = document.createElement("p");
      why.className = "why";
      why.textContent = `${t("why")}: ${pick(offer.why)}`;
      item.append(why);
    }
    item.append(state);
    if (offer.status === "offered") {
      const deadline = document.createElement("p");
      deadline.className = "deadline";
      deadline.textContent = `${t("deadline")} ${new Date(offer.deadline).toLocaleString()}`;
      const actions = document.createElement("div");
      actions.className = "actions";
      for (const answer of ["accept", "decline"]) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = answer;
        button.textContent = t(answer);
        button.addEventListener("click", () => respond(offer.id, answer));
        actions.append(button);
      }
      item.append(deadline, actions);
    }
    list.append(item);
  }
}

async function respond(id, answer) {
  try {
    const updated = await api.post(`/api/offers/${id}/${answer}`);
    offers.set(updated.id, updated);
    render();
  } catch (error) {
    showMessage(`${t("error")}: ${error.message}`);
  }
}

async function load() {
  const mine = await api.get("/api/me/offers");
  offers = new Map(mine.map((o) => [o.id, o]));
  render();
  const hours = await api.get("/api/me/hours");
  $("total-hours").textContent = `${(hours.totalMinutes / 60).toFixed(1)} ${t("hoursShort")}`;
  const calendar = await api.get("/api/me/calendar");
  if (calendar.active) showCalendarState("calendarActive");
}

// The feed's secret is kept hashed on the server, so its link is shown once, when it is made.
function showCalendarState(key) {
  $("calendar-state").textContent = t(key);
  $("calendar-state").hidden = false;
}

async function newCalendarLink() {
  try {
    const calendar = await api.post("/api/me/calendar");
    $("calendar-url").value = new URL(calendar.url, location.href).href;
    $("calendar-url").hidden = false;
    showCalendarState("calendarShownOnce");
  } catch (error) {
    showMessage(`${t("error")}: ${error.message}`);
  }
}

function onPush(message) {
  if (message.type !== "event") return;
  const data = message.data || {};
  if (message.event?.startsWith("offer.")) {
    const fresh = message.event === "offer.created" && !offers.has(data.id);
    offers.set(data.id, data);
    render();
    if (fresh) {
      setBadge(unseen + 1);
      chime();
    }
  } else if (message.event === "hours.credited") {
    load().catch(() => {});
  } else if (message.event === "notice.posted") {
    showMessage(data.text);
  }
}

async function start() {
  apply();
  $("language").addEventListener("click", () => { toggle(); render(); });
  $("calendar-new").addEventListener("click", newCalendarLink);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) setBadge(0); });
  document.addEventListener("click", () => setBadge(0));
  const invite = new URLSearchParams(location.hash.slice(1)).get("invite");
  if (invite) {
    showMessage(t("joining"));
    try {
      const session = await api.post("/api/join", { token: invite });
      api.remember(session.token);
      history.replaceState(null, "", location.pathname);
      showMessage("");
    } catch (error) {
      if (!api.signedIn()) return showMessage(`${t("inviteMissing")} (${error.message})`);
    }
  }
  if (!api.signedIn()) return showMessage(t("inviteMissing"));
  try {
    await load();
  } catch (error) {
    return showMessage(`${t("error")}: ${error.message}`);
  }
  const push = new Push(api, onPush, (state) => {
    $("status").textContent = t(state);
    $("status").className = `status ${state}`;
    if (state === "live") load().catch(() => {});
  });
  push.connect();
}

start();
