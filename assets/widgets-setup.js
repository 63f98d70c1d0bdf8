/*
 * Loaded on pages with embedded ipywidgets, after require.js and before the
 * @jupyter-widgets/html-manager bundle (see nb_ipywidgets_js in _config.yml).
 */
(function () {
  "use strict";

  // The widget manager's bundles locate their font files from their AMD module URLs, which
  // require.js resolves against the page: book/@jupyter-widgets/html-manager/dist/*.woff2,
  // a 404. Point that module prefix (and the explicit assets path) at _static/html-manager/.
  var here = document.currentScript.src.split("?")[0].replace(/[^/]*$/, "");
  var manager = new URL("../html-manager/", here).href;
  window.__jupyter_widgets_assets_path__ = manager;
  window.require.config({ paths: { "@jupyter-widgets/html-manager/dist": manager.replace(/\/$/, "") } });

  // ipywidgets 8 typesets widget labels with the MathJax 2 call MathJax.Hub.Queue(...);
  // the book loads MathJax 3, which has no Hub, so every labelled widget would throw.
  // Widgets render on window "load"; MathJax 3 (a deferred script) has replaced
  // window.MathJax by DOMContentLoaded, so the translation is installed then.
  document.addEventListener("DOMContentLoaded", function () {
    var mj = window.MathJax;
    if (!mj || !mj.version || mj.Hub) return;  // no math on this page, or MathJax 2
    mj.Hub = {
      Queue: function (command) {
        var element = Array.isArray(command) ? command[2] : undefined;
        var ready = (mj.startup && mj.startup.promise) || Promise.resolve();
        ready
          .then(function () {
            return mj.typesetPromise ? mj.typesetPromise(element ? [element] : undefined) : null;
          })
          .catch(function (err) { console.warn("MathJax typeset of a widget label failed:", err); });
      },
    };
  });
})();
