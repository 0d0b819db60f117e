// Declaration editor: autosave (htmx) must never race the Save button. Without JavaScript the
// form is a plain form and nothing here runs.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var inFlight = false;
    var submitting = false;
    var pendingSubmitter = null;
    form.addEventListener("htmx:beforeRequest", function (event) {
      // Once the person pressed Save, the page is leaving: no more autosaves.
      if (submitting) { event.preventDefault(); return; }
      inFlight = true;
    });
    form.addEventListener("htmx:afterRequest", function () {
      inFlight = false;
      if (pendingSubmitter !== null) {
        var submitter = pendingSubmitter;
        pendingSubmitter = null;
        // The autosave answered with the new lock_version (swapped in); now send the form.
        if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
      }
    });
    form.addEventListener("submit", function (event) {
      if (inFlight) {
        event.preventDefault();
        pendingSubmitter = event.submitter || false;
        return;
      }
      submitting = true;
    });
  });
});
