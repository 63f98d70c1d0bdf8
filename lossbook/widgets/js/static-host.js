/*
 * The static book's host for lossbook explorers: no kernel, no network.
 *
 * Each explorer cell's HTML output is a <div class="lossbook-explorer-static"> holding its
 * spec and starting values as JSON. This script gives each one a model with anywidget's
 * get/set/on/save_changes methods, kept in the page, and calls the same render() that
 * JupyterLab calls. Loaded (after Vega, Vega-Lite, runtime.js and the programs) on every page.
 */
(function (root) {
  "use strict";

  function pageModel(state) {
    var listeners = {};
    return {
      get: function (name) { return state[name]; },
      set: function (name, value) {
        var changed = JSON.stringify(state[name]) !== JSON.stringify(value);
        state[name] = value;
        if (changed) (listeners["change:" + name] || []).forEach(function (callback) { callback(); });
      },
      on: function (event, callback) { (listeners[event] = listeners[event] || []).push(callback); },
      off: function (event) { delete listeners[event]; },
      save_changes: function () {},
    };
  }

  function mountAll() {
    var holders = document.querySelectorAll("div.lossbook-explorer-static:not([data-mounted])");
    Array.prototype.forEach.call(holders, function (holder) {
      holder.setAttribute("data-mounted", "");
      var data = JSON.parse(holder.querySelector("script[type='application/json']").textContent);
      var state = Object.assign({ spec: data.spec }, data.values);
      var fallback = holder.querySelector(".lossbook-explorer-fallback");
      if (fallback) fallback.remove();
      try {
        root.lossbookExplorers.render({ model: pageModel(state), el: holder });
      } catch (error) {
        holder.textContent = "This explorer could not start: " + error;
        throw error;
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})(globalThis);
