// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Filter forms marked data-autosubmit re-run the search when a filter changes (htmx swaps results).
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target.matches("select, input[type=checkbox], input[type=radio]")) {
        if (window.htmx) { window.htmx.trigger(form, "submit"); } else { form.submit(); }
      }
    });
  });
  // Buttons that copy a text (the member badge snippet, a new API token).
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy-target"));
      if (source && navigator.clipboard) {
        navigator.clipboard.writeText(source.value || source.textContent);
        button.textContent = button.getAttribute("data-copied-label") || button.textContent;
      }
    });
  });
});
// After htmx swaps results, move focus to the results heading so screen readers hear the change.
document.addEventListener("htmx:afterSwap", function (event) {
  var heading = event.detail.target.querySelector("[data-focus-after-swap]");
  if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
});
