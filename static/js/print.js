// "Print the plan" buttons ([data-print]): shown only when this script runs, since without JavaScript
// they could do nothing; the browser's own print command gives the same page (see @media print).
// A file of its own because the Content-Security-Policy allows no inline script.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
