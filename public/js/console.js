// The coordinator's console: pick a unit and a week, solve with live progress, read the draft as a calendar by
// person or by site with its differences from the published schedule, see why seats stay unfilled and who else
// could take them, publish, and watch every offer's status change live.
import { Api, Push, parseLocal } from "./api.js";
import { apply, pick, t, toggle } from "./i18n.js";
import { coverage, renderCoverage, renderNeeds, renderPeople } from "./reports.js";
import { html, render } from "./html.js";
import { renderHeld, saveRules, showRules } from "./unit-panels.js";

const api = new Api("tandem.console");
const $ = (id) => document.getElementById(id);
const state = { tasks: new Map(), people: new Map(), draft: null, published: null, offers: new Map(), view: "person",
                progress: [], job: null, held: [] };
const rulesPanel = () => ({ effective: $("rules-effective"), own: $("rules-own"), message: $("rules-message") });

function showMessage(text) {
  $("message").textContent = text;
  $("message").hidden = !text;
}

function monday(date = new Date()) {
  const d = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

function weekDays() {
  const start = new Date(`${$("week").value}T00:00:00Z`);
  return [...Array(7).keys()].map((i) => new Date(start.getTime() + i * 86400000).toISOString().slice(0, 10));
}

// A task of the week: stored tasks are templates; a weekly one appears as "ID@DATE" in schedules.
function task(id) {
  const [base, date] = id.split("@");
  const template = state.tasks.get(base);
  if (!template) return { id, title: id, start: "", end: "", site: {} };
  if (!date) return template;
  const start = parseLocal(template.start), end = parseLocal(template.end);
  return { ...template, id, start: `${date}T${start.time}`, end: `${date}T${end.time}` };
}

function personName(id) { return state.people.get(id)?.name || id; }

function drawChart() {
  const points = state.progress;
  const svg = $("chart");
  if (points.length < 1) return svg.replaceChildren();
  const values = points.map((p) => p.value), seconds = points.map((p) => p.seconds);
  const min = Math.min(...values), max = Math.max(...values), end = Math.max(...seconds, 1);
  const path = points.map((p, i) => `${i ? "L" : "M"}${(p.seconds / end) * 300},${95 - ((p.value - min) / Math.max(1, max - min)) * 90}`);
  render(svg, html`<path d="${path.join(" ")}" fill="none" stroke="#1a7f64" stroke-width="2" vector-effect="non-scaling-stroke"/>`);
}

function scoreText(score) { return score ? `${score.hard} / ${score.medium} / ${score.soft}` : "–"; }

function renderCalendar() {
  const table = $("calendar");
  const schedule = state.draft?.schedule;
  if (!schedule) return table.replaceChildren();
  const days = weekDays();
  const publishedSeats = new Map((state.published?.schedule.assignments || []).map((a) => [`${a.task}#${a.seat}`, a.person]));
  const rows = new Map();
  const key = (a) => (state.view === "person" ? personName(a.person) : task(a.task).site?.name || "?");
  for (const a of schedule.assignments) {
    const row = key(a);
    if (!rows.has(row)) rows.set(row, days.map(() => []));
    const details = task(a.task);
    const day = days.indexOf(parseLocal(details.start).date);
    if (day >= 0) rows.get(row)[day].push({ a, details });
  }
  const head = html`<tr><th></th>${days.map((d) => html`<th>${d.slice(5)}</th>`)}</tr>`;
  const body = [...rows.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([name, cells]) => {
    const tds = cells.map((items) => html`<td>${items.map(({ a, details }) => {
      const was = publishedSeats.get(`${a.task}#${a.seat}`);
      const chip = state.published && was !== a.person ? "chip added" : "chip";
      const label = state.view === "person" ? (details.title || details.kind) : personName(a.person);
      return html`<span class="${chip}" data-task="${a.task}" data-seat="${a.seat}">${parseLocal(details.start).time} ${label}</span>`;
    })}</td>`);
    return html`<tr><th>${name}</th>${tds}</tr>`;
  });
  render(table, html`${head}${body}`);
  renderDiff(schedule);
}

// Seat by seat against the version before: a draft against the published schedule, the published schedule against
// the one it replaced (what the last re-plan changed). A seat given to another person has moved.
function renderDiff(schedule) {
  const base = state.draft?.id === state.published?.id ? state.replaced : state.published;
  if (!base) return ($("diff").textContent = "");
  const seats = (s) => new Map(s.assignments.map((a) => [`${a.task}#${a.seat}`, a.person]));
  const now = seats(schedule), before = seats(base.schedule);
  let added = 0, removed = 0, moved = 0;
  for (const [seat, person] of now) {
    if (!before.has(seat)) added += 1;
    else if (before.get(seat) !== person) moved += 1;
  }
  for (const seat of before.keys()) if (!now.has(seat)) removed += 1;
  const label = base === state.published ? t("diff") : `${t("diffReplaced")} #${base.id}`;
  $("diff").textContent = `${label}: ${added} ${t("added")}, ${removed} ${t("removed")}, ${moved} ${t("moved")}, ` +
    `${now.size - added - moved} ${t("unchanged")}`;
}

function renderUnfilled() {
  const list = $("unfilled");
  const schedule = state.draft?.schedule;
  list.replaceChildren();
  if (!schedule) return;
  const why = new Map(schedule.explanations.map((e) => [`${e.task}#${e.seat}`, e]));
  for (const seat of schedule.unfilled) {
    const item = document.createElement("li");
    const details = task(seat.task);
    item.className = "chip unfilled";
    item.dataset.task = seat.task;
    item.dataset.seat = seat.seat;
    item.textContent = `${details.title || seat.task} ${parseLocal(details.start).date} ${parseLocal(details.start).time}: ${pick(why.get(`${seat.task}#${seat.seat}`)?.summary)}`;
    item.addEventListener("click", () => showCandidates(seat.task, seat.seat));
    list.append(item);
  }
  if (!schedule.unfilled.length) render(list, html`<li>${t("none")}</li>`);
}

// Dropping a person on a seat: what it would do, in words, and a button to pin them there.
async function assessDrop(taskID, seat, personID) {
  const box = $("candidates");
  const version = state.published || state.draft;
  box.textContent = t("loading");
  try {
    const base = `/api/versions/${version.id}/seats/${encodeURIComponent(taskID)}/${seat}`;
    const verdict = await api.get(`${base}/check?person=${encodeURIComponent(personID)}`);
    render(box, html`<h3>${t("pin")}: ${personName(personID)}</h3>
      <p id="assessment" data-breaks="${verdict.breaks || ""}" class="${verdict.breaks ? "message" : ""}">${pick(verdict.summary)}</p>`);
    if (state.published) {
      const button = document.createElement("button");
      button.id = "pin";
      button.className = "primary";
      button.textContent = t("pin");
      button.addEventListener("click", async () => {
        try {
          await api.post(`${base}/pin`, { person: personID });
          button.disabled = true;
        } catch (error) {
          showMessage(`${t("error")}: ${error.message}`);
        }
      });
      box.append(button);
    }
  } catch (error) {
    box.textContent = `${t("error")}: ${error.message}`;
  }
}

async function showCandidates(taskID, seat) {
  const box = $("candidates");
  const version = state.published || state.draft;
  box.textContent = t("loading");
  try {
    const result = await api.get(`/api/versions/${version.id}/seats/${encodeURIComponent(taskID)}/${seat}/candidates`);
    render(box, html`<h3>${t("candidates")}</h3><ol class="reasons">${result.candidates.map((c) =>
      html`<li>${pick(c.summary)}</li>`)}</ol>`);
  } catch (error) {
    box.textContent = `${t("error")}: ${error.message}`;
  }
}

function renderOffers() {
  const rows = [...state.offers.values()].sort((a, b) => (a.details?.start || "").localeCompare(b.details?.start || ""));
  render($("offer-table"), html`${rows.map((o) => html`<tr data-offer="${o.id}" data-task="${o.task}" data-person="${o.person}" data-status="${o.status}">
    <td>${o.details?.title || o.task}</td><td>${(o.details?.start || "").replace("T", " ")}</td>
    <td>${personName(o.person)}</td><td><span class="pill ${o.status}">${t(o.status)}</span></td></tr>`)}`);
}

async function loadUnit() {
  const org = $("org").value, week = $("week").value;
  const [tasks, people, versions, offers, held, rules] = await Promise.all([
    api.get(`/api/orgs/${org}/tasks`), api.get(`/api/orgs/${org}/people`),
    api.get(`/api/orgs/${org}/versions?week=${week}`), api.get(`/api/orgs/${org}/offers?week=${week}`),
    api.get(`/api/orgs/${org}/held-seats?week=${week}`), api.get(`/api/orgs/${org}/rules`),
  ]);
  state.held = held;
  showRules(rules, rulesPanel());
  state.tasks = new Map(tasks.map((r) => [r.task.id, r.task]));
  state.people = new Map(people.map((p) => [p.id, p]));
  state.offers = new Map(offers.map((o) => [o.id, o]));
  const published = versions.filter((v) => v.status === "published").sort((a, b) => b.id - a.id)[0];
  const draft = versions.filter((v) => v.status === "draft").sort((a, b) => b.id - a.id)[0];
  state.published = published ? await api.get(`/api/versions/${published.id}`) : null;
  state.draft = draft ? await api.get(`/api/versions/${draft.id}`) : state.published;
  const replaced = published && versions.filter((v) => v.status === "superseded" && v.id < published.id).sort((a, b) => b.id - a.id)[0];
  state.replaced = replaced ? await api.get(`/api/versions/${replaced.id}`) : null;
  showVersion();
  renderOffers();
  renderHeld($("held"), state.held, personName, task);
}

// A week is a Monday: any other day picked moves to its week's Monday, and says so.
function snapWeek() {
  const value = $("week").value;
  if (!value) return;
  const snapped = monday(new Date(`${value}T00:00:00`));
  if (snapped === value) return;
  $("week").value = snapped;
  showMessage(`${t("weekSnapped")} ${snapped}`);
}

async function exportCSV() {
  const version = state.draft;
  if (!version) return;
  try {
    await api.download(`/api/versions/${version.id}/schedule.csv`, `tandem-${$("org").value}-${$("week").value}-v${version.id}.csv`);
  } catch (error) {
    showMessage(`${t("error")}: ${error.message}`);
  }
}

function showVersion() {
  const version = state.draft;
  $("version-title").textContent = version ? `${t(version.status)} #${version.id}` : t("draft");
  $("score").textContent = scoreText(version?.schedule.score);
  $("publish").disabled = !version || version.status !== "draft";
  $("export").hidden = !version;
  renderCalendar();
  renderUnfilled();
  renderTables();
}

function renderTables() {
  const schedule = state.draft?.schedule || { assignments: [], unfilled: [] };
  renderCoverage($("report"), coverage(schedule, task, state.people, $("report-by").value));
  renderPeople($("people"), state.people, schedule, task, $("week").value);
  renderNeeds($("needs"), state.tasks, $("week").value);
}

async function solve() {
  state.progress = [];
  drawChart();
  $("solve").disabled = true;
  try {
    state.job = await api.post(`/api/orgs/${$("org").value}/solves`, { week: $("week").value, seconds: Number($("seconds").value) });
  } catch (error) {
    $("solve").disabled = false;
    showMessage(`${t("error")}: ${error.message}`);
  }
}

async function publish() {
  try {
    state.draft = await api.post(`/api/versions/${state.draft.id}/publish`);
    await loadUnit();
  } catch (error) {
    showMessage(`${t("error")}: ${error.message}`);
  }
}

function onPush(message) {
  if (message.type === "solve.progress" && message.job === state.job?.id) {
    const s = message.score;
    state.progress.push({ seconds: message.seconds, value: s.hard * 1e6 + s.medium * 100 + s.soft / 100 });
    $("score").textContent = scoreText(s);
    drawChart();
    return;
  }
  if (message.type !== "event") return;
  const data = message.data || {};
  if (message.event?.startsWith("offer.")) {
    state.offers.set(data.id, data);
    renderOffers();
  } else if (message.event === "solve.finished" && data.id === state.job?.id) {
    $("solve").disabled = false;
    loadUnit().then(async () => {
      state.draft = await api.get(`/api/versions/${data.version}`);
      showVersion();
    });
  } else if (["solve.failed", "solve.cancelled"].includes(message.event) && data.id === state.job?.id) {
    $("solve").disabled = false;
    showMessage(data.error || message.event);
  } else if (message.event === "schedule.replanned" || message.event === "schedule.published") {
    if (data.orgUnit === $("org").value) loadUnit();
  }
}

async function signedIn() {
  $("login").hidden = true;
  $("console").hidden = false;
  $("sign-out").hidden = false;
  const units = await api.get("/api/orgs");
  render($("org"), html`${units.filter((u) => u.level !== "district").map((u) => html`<option value="${u.id}">${u.name}</option>`)}`);
  const preferred = units.find((u) => u.level === "street") || units[0];
  if (preferred) $("org").value = preferred.id;
  $("week").value = new URLSearchParams(location.search).get("week") || monday();
  snapWeek();
  await loadUnit();
  const push = new Push(api, onPush, (s) => { $("status").textContent = t(s); $("status").className = `status ${s}`; });
  push.connect();
}

async function start() {
  apply();
  $("language").addEventListener("click", () => { toggle(); showVersion(); renderOffers(); renderHeld($("held"), state.held, personName, task); });
  $("login").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const session = await api.post("/api/login", { username: $("username").value, password: $("password").value });
      api.remember(session.token);
      await signedIn();
    } catch (error) {
      $("login-error").textContent = error.message;
      $("login-error").hidden = false;
    }
  });
  $("sign-out").addEventListener("click", async () => { await api.post("/api/logout").catch(() => {}); api.forget(); location.reload(); });
  $("org").addEventListener("change", () => loadUnit());
  $("week").addEventListener("change", () => { snapWeek(); loadUnit(); });
  $("export").addEventListener("click", exportCSV);
  $("rules-save").addEventListener("click", () => saveRules(api, $("org").value, rulesPanel()));
  $("solve").addEventListener("click", solve);
  $("publish").addEventListener("click", publish);
  $("by-person").addEventListener("click", () => { state.view = "person"; renderCalendar(); });
  $("by-site").addEventListener("click", () => { state.view = "site"; renderCalendar(); });
  $("report-by").addEventListener("change", renderTables);
  $("calendar").addEventListener("click", (event) => {
    const chip = event.target.closest(".chip");
    if (chip) showCandidates(chip.dataset.task, Number(chip.dataset.seat));
  });
  // Drag a person (from the people table) onto a seat (in the calendar or the unfilled list) to pin them there.
  $("people").addEventListener("dragstart", (event) => {
    const row = event.target.closest("tr[data-person]");
    if (row) event.dataTransfer.setData("text/plain", row.dataset.person);
  });
  for (const target of [$("calendar"), $("unfilled")]) {
    target.addEventListener("dragover", (event) => { if (event.target.closest(".chip")) event.preventDefault(); });
    target.addEventListener("drop", (event) => {
      const chip = event.target.closest(".chip");
      const person = event.dataTransfer.getData("text/plain");
      if (!chip || !person) return;
      event.preventDefault();
      assessDrop(chip.dataset.task, Number(chip.dataset.seat), person);
    });
  }
  if (api.signedIn()) {
    try { return await signedIn(); } catch { api.forget(); }
  }
  $("login").hidden = false;
}

start();
