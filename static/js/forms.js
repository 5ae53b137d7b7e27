// After a form was sent back with errors, move the focus to its error summary, so keyboard and
// screen reader users start there (the summary links each error to its field). Without
// JavaScript the summary is still the first thing in the form. No inline script: the site's
// Content-Security-Policy allows scripts from its own files only.
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]") || document.querySelector(".error-summary[tabindex='-1']");
    if (summary && document.activeElement !== summary) {
      summary.focus();
      summary.scrollIntoView({ block: "start" });
    }
  }
  // Once the page is read, and again when it has loaded: the browser's own jump to the form
  // (#kontakt in the address) comes in between and may take the focus back to the page.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
  window.addEventListener("load", focusSummary, { once: true });
})();
