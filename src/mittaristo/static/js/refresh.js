/* Keeps a part of the page up to date without reloading it: an element with
   data-refresh-seconds="N" is fetched anew from the page's own address every N seconds and
   replaced by the same element of the answer, until the answer's element no longer asks to be
   refreshed (a background job has finished). The element is a polite live region, so a screen
   reader hears the new stage without losing its place. */
(function () {
  "use strict";
  function tick(id, seconds) {
    window.setTimeout(function () {
      fetch(window.location.href, { credentials: "same-origin" })
        .then(function (answer) { return answer.ok ? answer.text() : Promise.reject(answer); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(id);
          var current = document.getElementById(id);
          if (!fresh || !current) { return; }
          current.innerHTML = fresh.innerHTML;
          var next = fresh.getAttribute("data-refresh-seconds");
          if (next) { tick(id, Number(next)); } else { current.removeAttribute("data-refresh-seconds"); }
        })
        .catch(function () { tick(id, seconds * 2); });
    }, seconds * 1000);
  }
  var element = document.querySelector("[data-refresh-seconds]");
  if (element && element.id) {
    tick(element.id, Number(element.getAttribute("data-refresh-seconds")) || 5);
  }
})();
