/* Printing keeps what a closed <details> holds (a chart's data table, a long list of changes):
   each one without a form in it is opened before printing and closed again after. */
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    var all = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < all.length; i++) {
      if (!all[i].querySelector("form")) { all[i].open = true; opened.push(all[i]); }
    }
  });
  window.addEventListener("afterprint", function () {
    while (opened.length) { opened.pop().open = false; }
  });
})();
