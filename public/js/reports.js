// The console's tables that only read what is loaded: hours and coverage per person, team or site; people with
// their certificates (flagging one that expires before a booked task, or soon); the week's needs.
import { parseLocal } from "./api.js";
import { t } from "./i18n.js";
import { html, render } from "./html.js";

function minutes(task) {
  const start = parseLocal(task.start || ""), end = parseLocal(task.end || "");
  const toMinutes = (p) => Number(p.time.slice(0, 2)) * 60 + Number(p.time.slice(3, 5));
  return start.time && end.time ? Math.max(0, toMinutes(end) - toMinutes(start)) : 0;
}

// Rows of {key, hours, seats, filled} for the schedule, grouped by person, team or site.
export function coverage(schedule, task, people, by) {
  const rows = new Map();
  const row = (key) => rows.get(key) ?? rows.set(key, { key, minutes: 0, seats: 0, filled: 0 }).get(key);
  const keyOf = (seatTask, person) => {
    if (by === "site") return seatTask.site?.name || "?";
    const who = people.get(person);
    return by === "team" ? (who?.team || t("none")) : (who?.name || person);
  };
  for (const a of schedule.assignments) {
    const details = task(a.task);
    const r = row(keyOf(details, a.person));
    r.minutes += minutes(details);
    r.filled += 1;
    r.seats += 1;
  }
  if (by === "site") for (const u of schedule.unfilled) row(keyOf(task(u.task))).seats += 1;
  return [...rows.values()].sort((a, b) => b.minutes - a.minutes);
}

export function renderCoverage(table, rows) {
  render(table, html`<tr><th></th><th>${t("hoursAssigned")}</th><th>${t("filled")} / ${t("seats")}</th></tr>${rows.map((r) =>
    html`<tr><th>${r.key}</th><td>${(r.minutes / 60).toFixed(1)}</td><td>${r.filled} / ${r.seats}</td></tr>`)}`);
}

// Each person's certificates; "expired before" when one ends before a task they are booked on, "soon" within 30 days.
export function renderPeople(table, people, schedule, task, weekStart) {
  const booked = new Map();
  for (const a of schedule?.assignments || []) {
    const date = parseLocal(task(a.task).start || "").date;
    if (date && (!booked.has(a.person) || booked.get(a.person) < date)) booked.set(a.person, date);
  }
  const soon = new Date(new Date(`${weekStart}T00:00:00Z`).getTime() + 30 * 86400000).toISOString().slice(0, 10);
  const rows = [...people.values()].sort((a, b) => a.name.localeCompare(b.name, "zh"));
  render(table, html`<tr><th></th><th>${t("role")}</th><th>${t("team")}</th><th>${t("credentials")}</th></tr>${rows.map((p) => {
    const last = booked.get(p.id);
    let flagged = false;
    const credentials = (p.credentials || []).map((c) => {
      const until = c.validTo || "";
      const warning = until && last && until < last ? t("expiredBefore") : until && until <= soon ? t("expiresSoon") : "";
      if (warning) flagged = true;
      return warning
        ? html`<span class="chip warn" title="${warning}">${c.kind}${until ? ` → ${until}` : ""}</span>`
        : html`<span class="chip">${c.kind}${until ? ` → ${until}` : ""}</span>`;
    });
    return flagged
      ? html`<tr draggable="true" data-person="${p.id}" data-flagged="true"><th>${p.name}</th><td>${p.role}</td><td>${p.team || ""}</td><td>${credentials}</td></tr>`
      : html`<tr draggable="true" data-person="${p.id}"><th>${p.name}</th><td>${p.role}</td><td>${p.team || ""}</td><td>${credentials}</td></tr>`;
  })}`);
}

export function renderNeeds(table, tasks, week) {
  const days = new Set([...Array(7).keys()].map((i) => new Date(new Date(`${week}T00:00:00Z`).getTime() + i * 86400000).toISOString().slice(0, 10)));
  const rows = [...tasks.values()].filter((x) => days.has(parseLocal(x.start).date))
    .sort((a, b) => a.start.localeCompare(b.start));
  render(table, html`<tr><th>${t("when")}</th><th>${t("kind")}</th><th></th><th>${t("seats")}</th><th>${t("priority")}</th></tr>${rows.map((x) =>
    html`<tr><td>${x.start.replace("T", " ")}–${parseLocal(x.end).time}</td><td>${x.kind}</td><td>${x.title || x.id}</td>
     <td>${x.seats.reduce((n, s) => n + (s.count ?? 1), 0)}</td><td>${x.priority}</td></tr>`)}`);
}
