// Progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.matches("[data-select-all]")) return;
  const form = box.closest("form");
  form.querySelectorAll("input[name='selected']").forEach((row) => { row.checked = box.checked; });
});
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-needs-js]").forEach((el) => { el.hidden = false; });
  document.querySelectorAll("[data-auto-submit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
});
document.addEventListener("htmx:afterSwap", () => {
  document.querySelectorAll("[data-needs-js]").forEach((el) => { el.hidden = false; });
});
