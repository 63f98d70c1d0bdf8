/*
 * lossbook explorers: the one front end of every explorer, in JupyterLab and in the static book.
 *
 * An explorer is a spec (controls, generated formulas, constants; built in Python by
 * lossbook.widgets) plus a program registered here with define(name, program):
 *
 *   program.chart(ctx)          -> a Vega-Lite spec whose data sources are named datasets;
 *                                  ctx.width is the figure's width in CSS px and ctx.narrow
 *                                  says it is phone-sized (stack panels then)
 *   program.compute(values, ctx) -> {data: {dataset: rows}, outputs: {name: number}, readout: html}
 *
 * ctx.f holds the formulas as JavaScript functions, printed from the SymPy definitions by
 * lossbook.symbolic.javascript; ctx.constants the example data; ctx.spec the whole spec.
 *
 * Optional: program.drag = {x: scale, y: scale, controls: function (datum) -> [xName, yName]}
 * lets the reader drag marks with the pointer (see enableDrag): a mark whose datum names two
 * range controls moves them, through the two named Vega scales, as if its sliders moved.
 *
 * render({model, el}) is anywidget's entry point; in the static book model is a small object
 * with the same get/set/on/save_changes methods (see static-host.js). The picture is drawn
 * by Vega (with Vega-Lite compiling the chart once), so both hosts show the same picture.
 *
 * Written as a classic script (no import/export) so that the static book can load it from
 * file:// pages, where module scripts are blocked.
 */
(function (root) {
  "use strict";

  var programs = {};

  function define(name, program) {
    programs[name] = program;
  }

  // ------------------------------------------------------------------ formatting
  var SUPERSCRIPT = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };

  /** A number for people: `digits` significant digits, × 10ⁿ for large or tiny ones, − for minus. */
  function formatNumber(x, digits) {
    digits = digits || 4;
    if (x === Infinity) return "∞";
    if (x === -Infinity) return "−∞";
    if (Number.isNaN(x)) return "NaN";
    var text;
    var magnitude = Math.abs(x);
    if (x !== 0 && (magnitude >= 1e6 || magnitude < 1e-4)) {
      var parts = x.toExponential(digits - 1).split("e");
      var mantissa = parts[0].replace(/\.?0+$/, "");
      var exponent = String(Number(parts[1])).split("").map(function (c) { return SUPERSCRIPT[c]; }).join("");
      text = mantissa + " × 10" + exponent;
    } else {
      text = String(Number(x.toPrecision(digits)));
      if (text.indexOf("e") >= 0) text = x.toPrecision(digits);
    }
    return text.replace(/^-/, "−");
  }

  /** Like formatNumber with a sign in front (+3, −2). */
  function formatSigned(x, digits) {
    return (x > 0 ? "+" : "") + formatNumber(x, digits);
  }

  /** Fixed decimals with a real minus sign. */
  function formatFixed(x, decimals) {
    return x.toFixed(decimals).replace(/^-/, "−");
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  // ------------------------------------------------------------------ formulas
  function compileFunctions(functions) {
    var compiled = {};
    Object.keys(functions || {}).forEach(function (name) {
      var f = functions[name];
      /* eslint-disable-next-line no-new-func */
      compiled[name] = new Function(...f.args, f.body);
    });
    return compiled;
  }

  // ------------------------------------------------------------------ controls
  function controlValueText(control, value) {
    if (control.kind === "select" || control.kind === "buttons") {
      var option = control.options.find(function (o) { return o[1] === value; });
      return option ? option[0] : String(value);
    }
    if (control.kind === "toggle") return value ? "yes" : "no";
    if (control.kind === "multi") return value.length + " chosen";
    if (control.format === "fixed") return formatFixed(value, control.decimals);
    return formatNumber(value, control.digits || 3);
  }

  /** One control: a labelled input bound to model[control.name]. */
  function buildControl(control, model, onInput) {
    var row = document.createElement("div");
    row.className = "lossbook-control lossbook-control-" + control.kind;
    var id = "lbx-" + Math.random().toString(36).slice(2);
    var label = document.createElement("label");
    label.textContent = control.label;
    label.htmlFor = id;
    row.appendChild(label);
    var readout = document.createElement("output");
    var input;
    var value = model.get(control.name);

    if (control.kind === "range" || control.kind === "log") {
      input = document.createElement("input");
      input.type = "range";
      var toSlider = control.kind === "log" ? function (v) { return Math.log10(v); } : function (v) { return v; };
      var fromSlider = control.kind === "log"
        ? function (s) { return Number(Math.pow(10, s).toPrecision(12)); }
        : function (s) { return s; };
      input.min = toSlider(control.min);
      input.max = toSlider(control.max);
      input.step = control.step;
      input.value = toSlider(value);
      input.addEventListener("input", function () {
        var v = fromSlider(Number(input.value));
        readout.textContent = controlValueText(control, v);
        onInput(control.name, v);
      });
      input.lossbookSet = function (v) { input.value = toSlider(v); readout.textContent = controlValueText(control, v); };
    } else if (control.kind === "select") {
      input = document.createElement("select");
      control.options.forEach(function (option, k) {
        var element = document.createElement("option");
        element.value = String(k);
        element.textContent = option[0];
        input.appendChild(element);
      });
      var indexOf = function (v) {
        return control.options.findIndex(function (o) { return o[1] === v; });
      };
      input.value = String(indexOf(value));
      input.addEventListener("input", function () {
        onInput(control.name, control.options[Number(input.value)][1]);
      });
      input.lossbookSet = function (v) { input.value = String(indexOf(v)); };
      readout = null;
    } else if (control.kind === "toggle") {
      input = document.createElement("input");
      input.type = "checkbox";
      input.checked = Boolean(value);
      input.addEventListener("input", function () { onInput(control.name, input.checked); });
      input.lossbookSet = function (v) { input.checked = Boolean(v); };
      row.insertBefore(input, label);
      readout = null;
    } else if (control.kind === "multi") {
      input = document.createElement("span");
      input.className = "lossbook-multi";
      var boxes = control.options.map(function (option) {
        var item = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.value = option[1];
        box.checked = value.indexOf(option[1]) >= 0;
        box.dataset.control = control.name;
        box.dataset.option = option[1];
        box.addEventListener("input", function () {
          var chosen = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
          onInput(control.name, chosen);
        });
        item.appendChild(box);
        item.appendChild(document.createTextNode(" " + option[0]));
        input.appendChild(item);
        return box;
      });
      input.lossbookSet = function (v) { boxes.forEach(function (b) { b.checked = v.indexOf(b.value) >= 0; }); };
      readout = null;
    } else {
      throw new Error("lossbook explorer: unknown control kind " + control.kind);
    }
    input.id = id;
    input.dataset.control = control.name;
    if (control.kind !== "toggle") row.appendChild(input);
    if (readout) {
      readout.htmlFor = id;
      readout.textContent = controlValueText(control, value);
      row.appendChild(readout);
    }
    return { row: row, input: input };
  }

  // ------------------------------------------------------------------ rendering
  var THEME = {
    background: null,
    font: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    axis: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: "normal", gridOpacity: 0.35 },
    legend: { labelFontSize: 12, titleFontSize: 12, orient: "bottom", direction: "horizontal", columns: 4, labelLimit: 0 },
    title: { fontSize: 13, fontWeight: "normal" },
    text: { fontSize: 12 },
    view: { stroke: null },
  };

  /**
   * Side-by-side panels on a wide figure, stacked on a narrow one. `panels` are Vega-Lite
   * unit or layer specs; `shares` their relative widths side by side (default equal).
   */
  function panelLayout(ctx, panels, shares, height) {
    shares = shares || panels.map(function () { return 1; });
    var total = shares.reduce(function (a, b) { return a + b; }, 0);
    var gaps = 70 * panels.length;  // axis titles and labels of each panel
    var sized = panels.map(function (panel, k) {
      var width = ctx.narrow ? ctx.width - 70 : Math.floor(((ctx.width - gaps) * shares[k]) / total);
      return Object.assign({ width: Math.max(120, width), height: height || (ctx.narrow ? 190 : 230) }, panel);
    });
    var resolve = { scale: { color: "independent", shape: "independent", strokeDash: "independent" },
                    legend: { color: "independent" } };
    return ctx.narrow ? { vconcat: sized, spacing: 18, resolve: resolve } : { hconcat: sized, spacing: 24, resolve: resolve };
  }

  /** A value for a range control: snapped to its step, inside its range (as the slider would give). */
  function snapToControl(control, value) {
    var snapped = control.min + Math.round((value - control.min) / control.step) * control.step;
    return Number(Math.min(control.max, Math.max(control.min, snapped)).toPrecision(12));
  }

  /**
   * Dragging with the pointer (program.drag). A pointerdown on a mark whose datum names two
   * controls (drag.controls(datum) -> [xName, yName]) starts a drag; each pointer move is
   * inverted through the scales drag.x and drag.y into data coordinates, snapped like the
   * sliders, and passed to set(name, value), which moves the sliders and the model. The
   * plot's offset is the mark's enclosing groups plus the view's origin and padding; the SVG may be
   * drawn scaled (max-width: 100%), so client pixels are divided by that zoom.
   */
  function enableDrag(view, figure, drag, controls, set) {
    view.addEventListener("pointerdown", function (event, item) {
      var names = item && item.datum ? drag.controls(item.datum) : null;
      if (!names) return;
      event.preventDefault();
      var pad = view.padding(), ox = view.origin()[0] + (pad.left || 0), oy = view.origin()[1] + (pad.top || 0);
      for (var g = item.mark.group; g; g = g.mark && g.mark.group) { ox += g.x || 0; oy += g.y || 0; }
      var svg = figure.querySelector("svg");
      function move(e) {
        var box = svg.getBoundingClientRect();
        var zoom = box.width / (Number(svg.getAttribute("width")) || box.width);
        var px = (e.clientX - box.left) / zoom - ox, py = (e.clientY - box.top) / zoom - oy;
        set(names[0], snapToControl(controls[names[0]], view.scale(drag.x).invert(px)));
        set(names[1], snapToControl(controls[names[1]], view.scale(drag.y).invert(py)));
      }
      function stop() {
        root.removeEventListener("pointermove", move);
        root.removeEventListener("pointerup", stop);
        root.removeEventListener("pointercancel", stop);
      }
      root.addEventListener("pointermove", move);
      root.addEventListener("pointerup", stop);
      root.addEventListener("pointercancel", stop);
    });
  }

  function chartSpec(program, ctx) {
    var spec = program.chart(ctx);
    spec.$schema = spec.$schema || "https://vega.github.io/schema/vega-lite/v5.json";
    spec.config = Object.assign({}, THEME, spec.config || {});
    if (spec.width === undefined && !spec.hconcat && !spec.vconcat && !spec.concat) spec.width = ctx.width;
    if (spec.width !== undefined) spec.autosize = spec.autosize || { type: "fit-x", contains: "padding" };
    return spec;
  }

  function render(args) {
    var model = args.model;
    var el = args.el;
    var spec = model.get("spec");
    var program = programs[spec.program];
    if (!program) throw new Error("lossbook explorer: no program called " + spec.program);
    var vega = root.vega;
    var vegaLite = root.vegaLite;

    var ctx = {
      spec: spec,
      f: compileFunctions(spec.functions),
      constants: spec.constants || {},
      format: formatNumber,
      signed: formatSigned,
      fixed: formatFixed,
      escape: escapeHtml,
      panels: function (panels, shares, height) { return panelLayout(ctx, panels, shares, height); },
      // Vega expression for log-axis labels: 10ⁿ at powers of ten, nothing between them
      powerOfTenLabel: "abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) < 1e-6 ? " +
        "'10' + replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(" +
        "format(round(log(datum.value) / LN10), 'd'), '-', '⁻'), '0', '⁰'), '1', '¹'), '2', '²'), '3', '³'), " +
        "'4', '⁴'), '5', '⁵'), '6', '⁶'), '7', '⁷'), '8', '⁸'), '9', '⁹') : ''",
    };
    if (program.setup) program.setup(ctx);

    var box = document.createElement("div");
    box.className = "lossbook-explorer";
    box.dataset.explorer = spec.program;
    box.dataset.redraws = "0";
    // JupyterLab binds keys such as the arrows to notebook commands (its selectors match a
    // focused range input in command mode); inside an explorer they belong to the control.
    box.addEventListener("keydown", function (event) {
      if (event.target !== box) event.stopPropagation();
    });
    var controlsBox = document.createElement("div");
    controlsBox.className = "lossbook-controls";
    var readout = document.createElement("p");
    readout.className = "lossbook-readout";
    readout.setAttribute("aria-live", "polite");
    var figure = document.createElement("div");
    figure.className = "lossbook-figure";
    figure.setAttribute("role", "img");
    figure.setAttribute("aria-label", spec.alt || spec.title || spec.program);
    box.appendChild(controlsBox);
    box.appendChild(readout);
    box.appendChild(figure);
    el.appendChild(box);

    var values = {};
    var inputs = {};
    spec.controls.forEach(function (control) {
      values[control.name] = model.get(control.name);
      var built = buildControl(control, model, function (name, value) {
        values[name] = value;
        model.set(name, value);
        model.save_changes();
        redraw();
      });
      inputs[control.name] = built.input;
      controlsBox.appendChild(built.row);
    });

    var view = null;
    var redraws = 0;
    var lastResult = null;

    // The chart is compiled for the figure's width (programs stack their panels when it is
    // narrow) and rebuilt when the width changes; a control move only replaces the data.
    function buildView() {
      if (view) view.finalize();
      ctx.width = Math.max(240, Math.round(figure.clientWidth || 640));
      ctx.narrow = ctx.width < 560;
      figure.textContent = "";
      view = new vega.View(vega.parse(vegaLite.compile(chartSpec(program, ctx)).spec), {
        renderer: "svg",
        container: figure,
        hover: false,
      });
      if (program.drag) {
        var byName = {};
        spec.controls.forEach(function (control) { byName[control.name] = control; });
        enableDrag(view, figure, program.drag, byName, function (name, value) {
          if (values[name] === value) return;
          values[name] = value;
          inputs[name].lossbookSet(value);
          model.set(name, value);
          model.save_changes();
          redraw();
        });
      }
      if (lastResult) show(lastResult);
    }

    function show(result) {
      Object.keys(result.data || {}).forEach(function (name) {
        view.data(name, result.data[name]);
      });
      view.run();
    }

    function redraw() {
      var start = performance.now();
      var result = program.compute(values, ctx);
      show(result);
      lastResult = result;
      readout.innerHTML = result.readout || "";
      redraws += 1;
      box.lossbookState = {
        values: JSON.parse(JSON.stringify(values)),
        outputs: result.outputs || {},
        redrawMs: performance.now() - start,
      };
      box.dataset.redraws = String(redraws);
    }

    spec.controls.forEach(function (control) {
      model.on("change:" + control.name, function () {
        var value = model.get(control.name);
        if (JSON.stringify(value) === JSON.stringify(values[control.name])) return;
        values[control.name] = value;
        inputs[control.name].lossbookSet(value);
        redraw();
      });
    });

    var pending = false;
    function start() {
      buildView();
      redraw();
      if (root.ResizeObserver) {
        new root.ResizeObserver(function () {
          if (pending) return;
          pending = true;
          root.requestAnimationFrame(function () {
            pending = false;
            if (figure.clientWidth && Math.abs(figure.clientWidth - ctx.width) > 8) buildView();
          });
        }).observe(figure);
      }
    }
    // The figure's width is known only once the element is in the page.
    if (figure.isConnected && figure.clientWidth) start();
    else root.requestAnimationFrame(function () { root.requestAnimationFrame(start); });

    return function cleanup() {
      if (view) view.finalize();
    };
  }

  root.lossbookExplorers = {
    define: define,
    render: render,
    programs: programs,
    formatNumber: formatNumber,
    formatSigned: formatSigned,
    formatFixed: formatFixed,
    compileFunctions: compileFunctions,
    // helpers the programs share: n + 1 evenly spaced points, a quantitative Vega-Lite field
    grid: function (low, high, n) {
      var points = [];
      for (var i = 0; i <= n; i++) points.push(low + ((high - low) * i) / n);
      return points;
    },
    quantitative: function (field, extra) {
      return Object.assign({ field: field, type: "quantitative" }, extra || {});
    },
  };
})(globalThis);
