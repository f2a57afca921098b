// Two panels of the console about the unit beyond its own schedule: seats of its tasks that another unit's
// schedule staffs (read-only here, with who and why), and the unit's rules (its own choices over what it inherits).
import { parseLocal } from "./api.js";
import { pick, t } from "./i18n.js";
import { html, render } from "./html.js";

export function renderHeld(table, held, personName, taskOf) {
  if (!held.length) return render(table, html`<tr><td>${t("none")}</td></tr>`);
  const rows = [...held].sort((a, b) => (a.details?.start || "").localeCompare(b.details?.start || ""));
  render(table, html`<tr><th>${t("task")}</th><th>${t("when")}</th><th>${t("person")}</th><th>${t("heldBy")}</th><th>${t("reason")}</th></tr>
    ${rows.map((o) => {
      const when = parseLocal(o.details?.start || "");
      return html`<tr data-held="${o.task}#${o.seat}" data-unit="${o.orgUnit}">
        <td>${o.details?.title || taskOf(o.task)?.title || o.task}</td><td>${when.date} ${when.time}</td>
        <td>${o.personName || personName(o.person)}</td><td>${o.orgUnit}</td><td class="why">${pick(o.why)}</td></tr>`;
    })}`);
}

// The rules in force, briefly: labour rules by group, then weights, levels and the rest that differ from defaults.
function summary(setting) {
  const e = setting.effective;
  const parts = Object.entries(e.labour || {}).map(([group, rules]) =>
    `${group}: ${Object.entries(rules).filter(([, v]) => v !== null && !(typeof v === "object" && !Object.keys(v).length))
      .map(([k, v]) => `${k} ${typeof v === "object" ? JSON.stringify(v) : v}`).join(", ")}`);
  if (Object.keys(e.weights || {}).length) parts.push(`weights ${JSON.stringify(e.weights)}`);
  if (Object.keys(e.levels || {}).length) parts.push(`levels ${JSON.stringify(e.levels)}`);
  if (Object.keys(e.settings || {}).length) parts.push(`settings ${JSON.stringify(e.settings)}`);
  if (e.maxDistanceFromHomeKm) parts.push(`maxDistanceFromHomeKm ${e.maxDistanceFromHomeKm}`);
  parts.push(`travelSpeedKmh ${e.travelSpeedKmh}`);
  const from = setting.inherited.map((i) => i.org).join(", ");
  return `${t("rulesInForce")}: ${parts.join("; ")}${from ? ` (${t("rulesFrom")} ${from})` : ""}`;
}

export function showRules(setting, elements) {
  elements.effective.textContent = summary(setting);
  elements.own.value = JSON.stringify(setting.own, null, 2);
  elements.message.hidden = true;
}

// Saves the textarea as the unit's own rules; a refusal names the field, shown as the server says it.
export async function saveRules(api, org, elements) {
  let body;
  try {
    body = JSON.parse(elements.own.value || "{}");
  } catch (error) {
    elements.message.textContent = `${t("error")}: ${error.message}`;
    elements.message.hidden = false;
    return;
  }
  try {
    showRules(await api.put(`/api/orgs/${org}/rules`, body), elements);
    elements.message.textContent = t("saved");
    elements.message.hidden = false;
  } catch (error) {
    elements.message.textContent = `${t("error")}: ${error.field ? `${error.field}: ` : ""}${error.message}`;
    elements.message.hidden = false;
  }
}
