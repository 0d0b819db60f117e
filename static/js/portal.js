// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Filter panels start folded on narrow screens, below the results summary (open without script).
  if (window.matchMedia) {
    var narrow = window.matchMedia("(max-width: 52rem)");
    var fold = function () {
      document.querySelectorAll("details[data-fold-narrow]").forEach(function (panel) { panel.open = !narrow.matches; });
    };
    if (narrow.matches) { fold(); }
    if (narrow.addEventListener) { narrow.addEventListener("change", fold); }
  }
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
// An out-of-band swap that refills a <select> (facet counts) moves the new options in one by one,
// and each move marks the next one selected, so the last option would show. Put back the server's
// choice, or, while a keyboard user is still moving through the list, the option they are on.
document.addEventListener("htmx:oobBeforeSwap", function (event) {
  var select = event.detail && event.detail.target;
  if (select && select.tagName === "SELECT") { select.setAttribute("data-value-before-swap", select.value); }
});
document.addEventListener("htmx:oobAfterSwap", function (event) {
  var select = event.detail && event.detail.target;
  if (!select || select.tagName !== "SELECT") { return; }
  var before = select.getAttribute("data-value-before-swap");
  var options = Array.prototype.slice.call(select.options);
  var keep = document.activeElement === select && options.some(function (o) { return o.value === before; });
  var chosen = options.filter(function (o) { return keep ? o.value === before : o.defaultSelected; });
  if (chosen.length) { chosen.forEach(function (o) { o.selected = true; }); } else { select.selectedIndex = 0; }
});
// After htmx swaps results, move focus to the results heading so screen readers hear the change.
document.addEventListener("htmx:afterSwap", function (event) {
  var heading = event.detail.target.querySelector("[data-focus-after-swap]");
  if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
});
