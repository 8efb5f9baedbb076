// Behaviour the pages need, kept out of the HTML: the Content-Security-Policy allows no
// inline scripts or on* attributes (docs/security.md).
// Progressive enhancements (filter fold, copy link) are optional: every page works without them.
document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
  if (target) {
    window.print();
  }
});

// Print the advice's appendix too: a closed <details> would print only its summary.
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details.appendix").forEach((d) => {
    d.open = true;
  });
});

(function () {
  "use strict";
  // Filters fold away on a phone so the results come first; the reader's choice to open or
  // close them is kept when HTMX swaps in new results.
  var narrow = window.matchMedia("(max-width: 50rem)");
  var open = !narrow.matches;
  function fold() {
    document.querySelectorAll("details[data-fold-narrow]").forEach(function (d) { d.open = open; });
  }
  document.addEventListener("toggle", function (event) {
    var d = event.target;
    if (d.matches && d.matches("details[data-fold-narrow]")) { open = d.open; }
  }, true);
  document.addEventListener("DOMContentLoaded", function () {
    fold();
    // The copy button needs this script, so it is shown only when the script runs.
    document.querySelectorAll("[data-share]").forEach(function (el) { el.hidden = false; });
  });
  document.addEventListener("htmx:afterSwap", fold);

  // "Copy link": the address of this page (which holds its state) to the clipboard.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy-link]");
    if (!button) { return; }
    var status = document.getElementById(button.getAttribute("aria-describedby") || "");
    var done = function () { if (status) { status.textContent = button.getAttribute("data-done"); } };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(window.location.href).then(done, function () {
        window.prompt(button.textContent, window.location.href);
      });
    } else {
      window.prompt(button.textContent, window.location.href);
    }
  });
})();
