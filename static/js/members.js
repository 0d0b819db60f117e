// Members pages, progressive enhancement only: every page works without this file.
// When htmx replaces the options of a <select> (the NUTS regions following the chosen country),
// browsers keep the last inserted option selected; select the one the server marked instead.
(function () {
  function selectMarkedOption(element) {
    if (!element || element.tagName !== "SELECT") { return; }
    var marked = element.querySelector("option[selected]");
    element.value = marked ? marked.value : (element.options.length ? element.options[0].value : "");
  }
  document.addEventListener("htmx:afterSwap", function (event) { selectMarkedOption(event.detail.target); });
  document.addEventListener("htmx:oobAfterSwap", function (event) { selectMarkedOption(event.detail.target); });
})();
