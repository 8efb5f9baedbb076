// Behaviour the pages need, kept out of the HTML: the Content-Security-Policy allows no
// inline scripts or on* attributes (docs/security.md).
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
