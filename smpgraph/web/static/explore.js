// Explore: on a narrow screen, fold the filters nobody has chosen yet so the results come sooner.
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(max-width: 50em)").matches) {
    return;
  }
  document.querySelectorAll("details.facet:not([data-chosen])").forEach(function (facet) {
    facet.open = false;
  });
})();
