/* Draws every <figure data-vega-spec-id="ID"> from the JSON in <script id="ID">, with the pinned
   vega-embed. Expressions run in vega-interpreter (no eval), so the content security policy
   needs no 'unsafe-eval'; numbers follow the page's language (Finnish: 1 234,5). */
(function () {
  "use strict";
  var NBSP = "\u00a0";
  var LOCALES = {
    fi: { decimal: ",", thousands: NBSP, grouping: [3], currency: ["", NBSP + "€"], minus: "−" },
    sv: { decimal: ",", thousands: NBSP, grouping: [3], currency: ["", NBSP + "€"], minus: "−" },
    en: { decimal: ".", thousands: ",", grouping: [3], currency: ["€", ""], minus: "−" }
  };

  function draw(figure) {
    var source = document.getElementById(figure.getAttribute("data-vega-spec-id"));
    var canvas = figure.querySelector(".chart-canvas") || figure;
    if (!source) { return; }
    var lang = (document.documentElement.lang || "fi").slice(0, 2);
    var options = {
      renderer: "svg",
      actions: false,
      defaultStyle: false,
      // vega-tooltip would add an inline <style>; its rules are in css/site.css instead.
      tooltip: { disableDefaultStyle: true, theme: "light" },
      ast: true,
      expr: window.vegaInterpreter.expressionInterpreter,
      formatLocale: LOCALES[lang] || LOCALES.fi
    };
    var spec = JSON.parse(source.textContent);
    window.vegaEmbed(canvas, spec, options).then(function () {
      // The drawing is one image to assistive technology, named by the spec's description;
      // its data is in the table beneath it.
      var svg = canvas.querySelector("svg");
      if (svg) {
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", spec.description || spec.title || "");
      }
      figure.setAttribute("data-chart-state", "drawn");
    }).catch(function (error) {
      figure.setAttribute("data-chart-state", "failed");
      if (window.console) { window.console.error(error); }
    });
  }

  function drawAll() {
    var figures = document.querySelectorAll("figure[data-vega-spec-id]");
    for (var i = 0; i < figures.length; i++) { draw(figures[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
