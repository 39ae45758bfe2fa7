/* The validation page: a Print button (the page has print styles; the browser's own print works too), and
   after a validation the report scrolls into view and takes the focus, so a keyboard or screen reader user
   lands on it. */
(function () {
  "use strict";
  var heading = document.getElementById("report-heading");
  if (heading) {
    heading.scrollIntoView({ block: "start" });
    heading.focus({ preventScroll: true });
  }
  var button = document.querySelector(".print-button");
  if (!button) { return; }
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
