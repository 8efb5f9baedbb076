// Behaviour the pages need, kept out of the HTML: the Content-Security-Policy allows no
// inline scripts or on* attributes (docs/security.md).
document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
  if (target) {
    window.print();
  }
});
