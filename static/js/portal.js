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
