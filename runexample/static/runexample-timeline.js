/* runexample: pair each timeline marker with its numbered output lines.
 *
 * Hovering over or focusing a marker in the picture highlights the output
 * lines with the same number, and the other way round. Without this script
 * the numbers still pair them; nothing else depends on it.
 */
(function () {
  "use strict";
  // A marker and its lines share one class: "<figure id>-n<number>".
  var PAIR = /^runexample-tl-\d+-n\d+$/;

  function pairClass(element) {
    var classes = (element.getAttribute("class") || "").split(/\s+/);
    for (var i = 0; i < classes.length; i++) {
      if (PAIR.test(classes[i])) return classes[i];
    }
    return null;
  }

  function highlight(name, on) {
    var all = document.getElementsByClassName(name);
    for (var i = 0; i < all.length; i++) {
      var element = all[i];
      var classes = (element.getAttribute("class") || "").split(/\s+/).filter(function (c) {
        return c && c !== "tl-hot";
      });
      if (on) classes.push("tl-hot");
      element.setAttribute("class", classes.join(" "));
    }
  }

  function wire(element) {
    var name = pairClass(element);
    if (!name) return;
    // The markers and the numbered lines take the keyboard focus; the
    // other lines of a marker only react to the mouse.
    if (!/\btl-line\b/.test(element.getAttribute("class")) || /\btl-head\b/.test(element.getAttribute("class"))) {
      element.setAttribute("tabindex", "0");
    }
    element.addEventListener("mouseenter", function () { highlight(name, true); });
    element.addEventListener("mouseleave", function () { highlight(name, false); });
    element.addEventListener("focus", function () { highlight(name, true); });
    element.addEventListener("blur", function () { highlight(name, false); });
  }

  function start() {
    var targets = document.querySelectorAll(".tl-marker, .tl-numbered .tl-line");
    for (var i = 0; i < targets.length; i++) wire(targets[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
