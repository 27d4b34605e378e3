// Progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.matches("[data-select-all]")) return;
  const form = box.closest("form");
  form.querySelectorAll("input[name='selected']").forEach((row) => { row.checked = box.checked; });
});
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-needs-js]").forEach((el) => { el.hidden = false; });
});
document.addEventListener("htmx:afterSwap", (event) => {
  document.querySelectorAll("[data-needs-js]").forEach((el) => { el.hidden = false; });
  if (event.detail.target.id !== "record-results" && event.target.id !== "record-results") return;
  // Announce the new count in the one live region that stays in place.
  const count = document.getElementById("results-count");
  const status = document.getElementById("results-status");
  if (count && status) status.textContent = count.textContent.trim();
  // After a sort or a page link inside the results, focus moves to the new table, not <body>;
  // a search typed in the filters keeps its focus in the search box.
  const trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (trigger && trigger.closest && trigger.closest("#record-results")) {
    const table = document.getElementById("results-table");
    if (table) table.focus();
  }
});
// A text area with data-max-length counts its characters in its help text, as they are typed,
// and says how many are too many; the server refuses a longer text, so nothing is ever cut.
function countCharacters(root) {
  root.querySelectorAll("textarea[data-max-length]").forEach((area) => {
    const help = document.getElementById(`${area.id}_helptext`);
    if (!help || area.dataset.counting) return;
    area.dataset.counting = "true";
    const max = Number(area.dataset.maxLength);
    const update = () => {
      const count = [...area.value].length;
      const over = count - max;
      help.textContent = `${count.toLocaleString()} of ${max.toLocaleString()} characters` +
        (over > 0 ? `: ${over.toLocaleString()} too many. Shorten the note, or add it as two.` : ".");
      help.classList.toggle("helptext--over", over > 0);
    };
    area.addEventListener("input", update);
    update();
  });
}
document.addEventListener("DOMContentLoaded", () => countCharacters(document));
document.addEventListener("htmx:afterSwap", (event) => countCharacters(event.target));
// Escape closes the open user menu and puts focus back on its button.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const menu = document.querySelector("details.user-menu[open]");
  if (!menu) return;
  menu.open = false;
  menu.querySelector("summary").focus();
});
// The selection bar above a list says how many rows are ticked; the downloads and the export
// then take those rows. It stays at the top of the screen while the table scrolls.
function selectionUpdate(root) {
  root.querySelectorAll("[data-selection-bar]").forEach((bar) => {
    const form = bar.closest("form");
    const ticked = form.querySelectorAll("input[name='selected']:checked").length;
    bar.querySelector("[data-selection-count]").textContent = ticked
      ? `${ticked.toLocaleString()} selected` : "None selected";
    const hint = bar.querySelector("[data-selection-hint]");
    hint.textContent = ticked
      ? `: the downloads${form.querySelector("[formaction]") ? " and the export" : ""} take ${ticked === 1 ? "this row" : "these rows"}.`
      : hint.dataset.noneText;
    bar.classList.toggle("selection-bar--active", ticked > 0);
    bar.querySelector("[data-selection-clear]").hidden = ticked === 0;
    const all = form.querySelector("[data-select-all]");
    const rows = form.querySelectorAll("input[name='selected']").length;
    if (all) {
      all.checked = rows > 0 && ticked === rows;
      all.indeterminate = ticked > 0 && ticked < rows;
    }
  });
}
document.addEventListener("change", (event) => {
  const box = event.target;
  if (box instanceof HTMLInputElement && box.form && box.form.querySelector("[data-selection-bar]")) {
    selectionUpdate(box.form);
  }
});
document.addEventListener("click", (event) => {
  const clear = event.target instanceof Element && event.target.closest("[data-selection-clear]");
  if (!clear) return;
  const form = clear.closest("form");
  form.querySelectorAll("input[name='selected'], [data-select-all]").forEach((box) => { box.checked = false; });
  selectionUpdate(form);
  const all = form.querySelector("[data-select-all]");
  if (all) all.focus();
});
document.addEventListener("DOMContentLoaded", () => selectionUpdate(document));
document.addEventListener("htmx:afterSwap", (event) => selectionUpdate(event.target));
// On a phone-sized screen the filter panel starts closed, so the list is on the first screen,
// and the main navigation folds behind a Menu button.
const narrow = window.matchMedia("(max-width: 40rem)");
document.addEventListener("DOMContentLoaded", () => {
  if (narrow.matches) {
    document.querySelectorAll("details[data-collapse-narrow]").forEach((panel) => { panel.open = false; });
  }
  const toggle = document.querySelector("[data-nav-toggle]");
  const nav = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (!toggle || !nav) return;
  document.documentElement.classList.add("has-nav-toggle");
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("site-nav--open", open);
  });
});
