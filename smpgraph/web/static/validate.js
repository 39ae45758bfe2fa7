/* The validation page: a Print button (the page has print styles; the browser's own print works too). */
(function () {
  "use strict";
  var button = document.querySelector(".print-button");
  if (!button) { return; }
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
