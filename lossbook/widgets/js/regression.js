/* Explorer programs of the regression chapters (lossbook.widgets.regression). */
(function (explorers) {
  "use strict";

  // The book's palette and each loss's colour come from lossbook.style and the catalog records.
  var STYLE = globalThis.lossbookStyle;
  var DATA = STYLE.palette.data, MODEL = STYLE.palette.model, GREY = STYLE.palette.grey, STEP = STYLE.palette.step;
  var PALETTE_INK = STYLE.palette.ink;
  var LOSS_COLORS = { relative_error: GREY };
  Object.keys(STYLE.losses).forEach(function (name) { LOSS_COLORS[name] = STYLE.losses[name].color; });

  function swatch(color) {
    return '<span style="color:' + color + '" aria-hidden="true">■</span> ';
  }

  /* The hyper-parameters of a loss, in its function's argument order, from the control values. */
  function paramsOf(c, name, v) {
    return c.params[name].map(function (param) { return v[param]; });
  }

  /* One age, its prediction: the error, its absolute value and its square (ctx.f.mae, ctx.f.mse). */
  explorers.define("age_error", {
    chart: function (ctx) {
      var c = ctx.constants;
      var x = { field: "age", type: "quantitative", scale: { domain: c.ages } };
      var level = { datum: 0, type: "quantitative", scale: { domain: [-1, 1] }, axis: null };
      var line = {
        title: "one sample",
        height: 120,
        layer: [
          { data: { name: "gap" }, mark: { type: "rule", color: STEP, strokeWidth: 5, opacity: 0.8 },
            encoding: { x: Object.assign({ title: "age (years)" }, x), x2: { field: "age2" }, y: level } },
          { data: { name: "points" }, mark: { type: "point", filled: true, size: 140 },
            encoding: { x: x, y: level,
                        color: { field: "what", type: "nominal", title: null,
                                 scale: { domain: ["true age y", "predicted age ŷ"], range: [DATA, MODEL] } },
                        shape: { field: "what", type: "nominal", legend: null,
                                 scale: { domain: ["true age y", "predicted age ŷ"], range: ["circle", "square"] } } } },
          { data: { name: "points" }, mark: { type: "text", dy: 22, fontSize: 13 },
            encoding: { x: x, y: level, text: { field: "short" } } },
          { data: { name: "gap" }, mark: { type: "text", dy: -22, fontSize: 13 },
            encoding: { x: { field: "middle", type: "quantitative" }, y: level, text: { field: "label" } } },
        ],
      };
      var curves = {
        title: "as functions of the prediction",
        layer: [
          { data: { name: "curves" }, mark: { type: "line" },
            encoding: { x: { field: "age", type: "quantitative", title: "predicted age ŷ (years)", scale: { domain: c.ages } },
                        y: { field: "value", type: "quantitative", title: "years  (squared: years² ÷ 10)" },
                        color: { field: "what", type: "nominal", title: null, legend: { columns: 1 },
                                 scale: { domain: c.curve_names, range: [GREY, DATA, MODEL] } },
                        strokeDash: { field: "what", type: "nominal", legend: null,
                                      scale: { domain: c.curve_names, range: [[1, 0], [1, 0], [6, 4]] } } } },
          { data: { name: "markers" }, mark: { type: "point", filled: true, size: 70, shape: "circle" },
            encoding: { x: { field: "age", type: "quantitative" }, y: { field: "value", type: "quantitative" },
                        color: { field: "what", type: "nominal" } } },
        ],
      };
      return ctx.panels([line, curves], [1, 1.2]);
    },
    setup: function (ctx) {
      // The curves do not depend on the control: compute them once.
      var c = ctx.constants, y = c.true_age, rows = [];
      for (var i = 0; i <= 160; i++) {
        var p = c.ages[0] + ((c.ages[1] - c.ages[0]) * i) / 160;
        rows.push({ age: p, value: y - p, what: c.curve_names[0] });
        rows.push({ age: p, value: ctx.f.absolute_error(y, p), what: c.curve_names[1] });
        rows.push({ age: p, value: ctx.f.squared_error(y, p) / 10, what: c.curve_names[2] });
      }
      ctx.curves = rows;
    },
    compute: function (v, ctx) {
      var c = ctx.constants, y = c.true_age, p = v.predicted_age;
      var error = y - p, absolute = ctx.f.absolute_error(y, p), squared = ctx.f.squared_error(y, p);
      return {
        data: {
          points: [{ age: y, what: "true age y", short: "y" }, { age: p, what: "predicted age ŷ", short: "ŷ" }],
          gap: [{ age: y, age2: p, middle: (y + p) / 2, label: "y − ŷ = " + ctx.signed(error) }],
          curves: ctx.curves,
          markers: [
            { age: p, value: error, what: c.curve_names[0] },
            { age: p, value: absolute, what: c.curve_names[1] },
            { age: p, value: squared / 10, what: c.curve_names[2] },
          ],
        },
        outputs: { error: error, absolute_error: absolute, squared_error: squared },
        readout: "true age y = " + ctx.format(y) + ", predicted ŷ = " + ctx.format(p) + ": error y − ŷ = <b>" +
          ctx.signed(error) + "</b> years, absolute error <b>" + ctx.format(absolute) + "</b> years, squared error <b>" +
          ctx.format(squared) + "</b> years²",
      };
    },
  });

  /* Each chosen loss and its SymPy gradient against the residual (ctx.f[name], ctx.f[name + "_gradient"]). */
  var MSLE = "mean_squared_log_error";
  explorers.define("loss_shape", {
    chart: function (ctx) {
      var c = ctx.constants;
      var r = { field: "r", type: "quantitative", title: "residual r = ŷ − y", scale: { domain: [-c.r_max, c.r_max] } };
      function panel(title, yTitle, limits) {
        // labelFlush: a tick label at the top edge would push this panel's title above the other's
        var y = { field: "value", type: "quantitative", title: yTitle, scale: { domain: limits }, axis: { labelFlush: true } };
        return {
          title: title,
          layer: [
            { data: { values: [{ zero: 0 }] }, mark: { type: "rule", color: GREY, strokeWidth: 0.8 },
              encoding: { y: { field: "zero", type: "quantitative", scale: { domain: limits } } } },
            { data: { values: [{ zero: 0 }] }, mark: { type: "rule", color: GREY, strokeWidth: 0.8 },
              encoding: { x: { field: "zero", type: "quantitative", scale: { domain: [-c.r_max, c.r_max] } } } },
            { data: { name: "at" }, mark: { type: "rule", color: PALETTE_INK, strokeDash: [4, 3] },
              encoding: { x: { field: "r", type: "quantitative" } } },
            { data: { name: title }, mark: { type: "line", strokeWidth: 2, clip: true },
              encoding: { x: r, y: y, detail: { field: "name", type: "nominal" },
                          color: { field: "color", type: "nominal", scale: null } } },
            { data: { name: title + " at r" }, mark: { type: "point", filled: true, size: 60, opacity: 1, clip: true },
              encoding: { x: { field: "r", type: "quantitative" }, y: { field: "value", type: "quantitative" },
                          color: { field: "color", type: "nominal", scale: null } } },
          ],
        };
      }
      return ctx.panels([panel("loss", "loss ℓ", c.loss_limits),
                         panel("gradient", "gradient ∂ℓ/∂ŷ (from SymPy)", c.gradient_limits)]);
    },
    compute: function (v, ctx) {
      var c = ctx.constants, f = ctx.f, n = 100;  // points per curve: smooth at this size, and 7 curves × 2 redraw in under 16 ms
      var losses = [], gradients = [], lossAt = [], gradientAt = [], outputs = {}, parts = [];
      c.losses.forEach(function (name, k) {
        if (v.chosen.indexOf(name) < 0) return;
        var params = paramsOf(c, name, v), color = LOSS_COLORS[name];
        var y = name === MSLE ? c.y_true : 0;
        var inDomain = function (p) { return name !== MSLE || p > -1; };  // log(1 + ŷ) needs ŷ > −1
        for (var i = 0; i <= n; i++) {
          var r = -c.r_max + (2 * c.r_max * i) / n, p = y + r;
          if (!inDomain(p)) continue;
          losses.push({ r: r, value: f[name].apply(null, [y, p].concat(params)), name: name, color: color });
          gradients.push({ r: r, value: f[name + "_gradient"].apply(null, [y, p].concat(params)), name: name, color: color });
        }
        var at = y + v.residual, loss = NaN, gradient = NaN;
        if (inDomain(at)) {
          loss = f[name].apply(null, [y, at].concat(params));
          gradient = f[name + "_gradient"].apply(null, [y, at].concat(params));
          lossAt.push({ r: v.residual, value: loss, color: color });
          gradientAt.push({ r: v.residual, value: gradient, color: color });
        }
        outputs[name] = loss;
        outputs[name + "_gradient"] = gradient;
        var label = c.names[k] + (name === MSLE ? " (y = " + ctx.format(c.y_true) + ")" : "");
        parts.push(swatch(color) + label + " " + (inDomain(at)
          ? "<b>" + ctx.format(loss) + "</b>, gradient <b>" + ctx.format(gradient) + "</b>"
          : "undefined (ŷ ≤ −1)"));
      });
      var readout = parts.length
        ? "At r = " + ctx.format(v.residual) + ": " + parts.join("; ") + "."
        : "Choose one or more losses.";
      return {
        data: { at: [{ r: v.residual }], loss: losses, gradient: gradients, "loss at r": lossAt, "gradient at r": gradientAt },
        outputs: outputs,
        readout: readout,
      };
    },
  });

  /* -------------------------------------------------------------- line fits, mirroring examples.fit_line */

  /* numpy's pairwise summation (add.reduce of float64), so that sums round as lossbook's do. */
  function pairwiseSum(a, start, n) {
    var i, res;
    if (n < 8) {
      res = 0;
      for (i = 0; i < n; i++) res += a[start + i];
      return res;
    }
    if (n <= 128) {
      var r = a.slice(start, start + 8);
      for (i = 8; i < n - (n % 8); i += 8) {
        for (var j = 0; j < 8; j++) r[j] += a[start + i + j];
      }
      res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) res += a[start + i];
      return res;
    }
    var half = Math.floor(n / 2);
    half -= half % 8;
    return pairwiseSum(a, start, half) + pairwiseSum(a, start + half, n - half);
  }

  /* Weighted least-squares line (all weights 1 without w), from centred sums. lossbook solves the
     same normal equations with LAPACK; both are accurate to a few units in the last place. */
  function leastSquaresLine(x, y, w) {
    var n = x.length, sw = 0, sx = 0, sy = 0, i;
    for (i = 0; i < n; i++) {
      var wi = w ? w[i] : 1;
      sw += wi; sx += wi * x[i]; sy += wi * y[i];
    }
    var mx = sx / sw, my = sy / sw, sxy = 0, sxx = 0;
    for (i = 0; i < n; i++) {
      var wj = w ? w[i] : 1, dx = x[i] - mx;
      sxy += wj * dx * (y[i] - my);
      sxx += wj * dx * dx;
    }
    var slope = sxy / sxx;
    return [slope, my - slope * mx];
  }

  /* The exact least-absolute-deviations line: the best line through a pair of points (as lossbook's
     _least_absolute_line: pairs i < j in order, costs summed as numpy does, first minimum kept). */
  function leastAbsoluteLine(x, y) {
    var n = x.length, best = Infinity, line = null, residuals = new Array(n);
    for (var i = 0; i < n; i++) {
      for (var j = i + 1; j < n; j++) {
        if (x[i] === x[j]) continue;
        var slope = (y[j] - y[i]) / (x[j] - x[i]), intercept = y[i] - slope * x[i];
        for (var k = 0; k < n; k++) residuals[k] = Math.abs(slope * x[k] + intercept - y[k]);
        var cost = pairwiseSum(residuals, 0, n);
        if (cost < best) { best = cost; line = [slope, intercept]; }
      }
    }
    return line;
  }

  /* Iteratively reweighted least squares from the least-squares line with weights ψ(r)/r (ctx.f),
     with lossbook's stopping rule (np.allclose(new, old, rtol=1e-13, atol=1e-13)) and iteration cap.
     Exact agreement is impossible (lossbook solves each step with LAPACK, this with centred sums),
     but both iterate to convergence on the book's data (well inside the cap), so they stop near
     the same fixed point: over the whole grid of both sliders slopes and intercepts agree to
     about 1e-13, inside the tests' rtol of 1e-12. */
  function reweightedLine(x, y, weight, delta, maxIterations) {
    var theta = leastSquaresLine(x, y), n = x.length, w = new Array(n);
    for (var it = 0; it < maxIterations; it++) {
      for (var i = 0; i < n; i++) w[i] = weight(theta[0] * x[i] + theta[1] - y[i], delta);
      var next = leastSquaresLine(x, y, w);
      var close = Math.abs(next[0] - theta[0]) <= 1e-13 + 1e-13 * Math.abs(theta[0]) &&
                  Math.abs(next[1] - theta[1]) <= 1e-13 + 1e-13 * Math.abs(theta[1]);
      theta = next;
      if (close) break;
    }
    return theta;
  }

  var FIT_STYLE = {
    mean_squared_error: [1, 0],
    mean_absolute_error: [7, 4],
    huber_loss: [1, 0],
  };

  /* One point moved away from a line; the MSE, MAE and Huber lines fitted to the data. */
  explorers.define("outlier_fit", {
    chart: function (ctx) {
      var c = ctx.constants;
      var names = ["line the data came from"].concat(c.names.map(function (name) { return name + " fit"; }));
      var colors = [GREY].concat(c.losses.map(function (name) { return LOSS_COLORS[name]; }));
      var dashes = [[2, 3]].concat(c.losses.map(function (name) { return FIT_STYLE[name]; }));
      var x = { field: "x", type: "quantitative", title: "x", scale: { domain: c.x_limits, nice: false },
                axis: { values: c.x.filter(function (xi) { return ctx.narrow ? xi % 2 === 0 : true; }), format: "d" } };
      var y = { field: "y", type: "quantitative", title: "y", scale: { domain: c.y_limits, nice: false } };
      // one legend for colour and dash (the same field), so its symbols show both
      var legend = { symbolType: "stroke", symbolStrokeWidth: 2.5, symbolSize: 300, columns: ctx.narrow ? 2 : 4 };
      function lines(filter) {
        return {
          data: { name: "lines" }, transform: [{ filter: filter }], mark: { type: "line", strokeWidth: 2.2, clip: true },
          encoding: {
            x: x, y: y,
            color: { field: "what", type: "nominal", title: null, scale: { domain: names, range: colors }, legend: legend },
            strokeDash: { field: "what", type: "nominal", title: null, scale: { domain: names, range: dashes }, legend: legend },
          },
        };
      }
      return {
        height: ctx.narrow ? 260 : 300,
        layer: [
          { data: { name: "band" }, mark: { type: "area", color: LOSS_COLORS.huber_loss, opacity: 0.14, clip: true },
            encoding: { x: x, y: Object.assign({}, y, { field: "low" }), y2: { field: "high" } } },
          lines("datum.what !== 'MAE fit'"),
          lines("datum.what === 'MAE fit'"),  // dashed, drawn last: it often lies on the Huber line
          { data: { name: "points" }, mark: { type: "point", filled: true, size: 45, color: DATA, clip: true },
            encoding: { x: x, y: y } },
          { data: { name: "outlier" }, mark: { type: "point", size: 260, strokeWidth: 2, color: MODEL, clip: true },
            encoding: { x: x, y: y } },
          { data: { name: "outlier" }, mark: { type: "text", dx: 14, align: "left", fontSize: 12, color: MODEL, clip: true },
            encoding: { x: x, y: y, text: { field: "label", type: "nominal" } } },
        ],
      };
    },
    compute: function (v, ctx) {
      var c = ctx.constants, x = c.x, y = c.y.slice(), k = c.outlier_index;
      y[k] += v.outlier_shift;
      var fits = {
        mean_squared_error: leastSquaresLine(x, y),
        mean_absolute_error: leastAbsoluteLine(x, y),
        huber_loss: reweightedLine(x, y, ctx.f.huber_weight, v.delta, c.max_iterations),
      };
      var ends = c.x_limits, lines = [], outputs = {};
      ends.forEach(function (xe) {
        lines.push({ x: xe, y: c.true_line[0] * xe + c.true_line[1], what: "line the data came from" });
      });
      c.losses.forEach(function (name, j) {
        var fit = fits[name];
        outputs[name + "_slope"] = fit[0];
        outputs[name + "_intercept"] = fit[1];
        ends.forEach(function (xe) { lines.push({ x: xe, y: fit[0] * xe + fit[1], what: c.names[j] + " fit" }); });
      });
      var huber = fits.huber_loss, capped = 0;
      for (var i = 0; i < x.length; i++) {
        if (Math.abs(huber[0] * x[i] + huber[1] - y[i]) > v.delta) capped += 1;
      }
      outputs.huber_capped = capped;
      var band = ends.map(function (xe) {
        var middle = huber[0] * xe + huber[1];
        return { x: xe, low: middle - v.delta, high: middle + v.delta };
      });
      var points = x.map(function (xi, i) { return { x: xi, y: y[i] }; });
      var slopes = c.losses.map(function (name, j) {
        var label = c.names[j] + (name === "huber_loss" ? " (δ = " + ctx.format(v.delta, 3) + ")" : "");
        return swatch(LOSS_COLORS[name]) + label + " <b>" + ctx.fixed(fits[name][0], 3) + "</b>";
      });
      return {
        data: { lines: lines, band: band, points: points, outlier: [{ x: x[k], y: y[k], label: "outlier" }] },
        outputs: outputs,
        readout: "Fitted slopes (the data came from slope " + ctx.format(c.true_line[0]) + "): " + slopes.join(", ") +
          ". " + capped + " of " + x.length + " points lie outside the shaded band ±δ around the Huber line: " +
          (capped === 1 ? "it pulls" : "they pull") + " on it with only ±δ.",
      };
    },
  });

  /* One forecast under every regression cost (ctx.f[name] per element, one sample = the cost). */
  explorers.define("stock_price", {
    setup: function (ctx) {
      var c = ctx.constants, curves = [];
      for (var i = 0; i <= 240; i++) {
        var u = -c.u_max + (2 * c.u_max * i) / 240;
        curves.push({ u: u, value: ctx.f.half_square(u), what: "½ (r/δ)²" });
        curves.push({ u: u, value: ctx.f.huber_loss(0, u, 1), what: "Huber ℓ_δ(r)/δ²" });
      }
      ctx.huberCurves = curves;
    },
    chart: function (ctx) {
      var c = ctx.constants;
      var colors = c.losses.map(function (name) { return LOSS_COLORS[name]; });
      function valueLabel(where, style) {
        return { data: { name: "costs" }, transform: [{ filter: "datum.where === '" + where + "'" }],
                 mark: Object.assign({ type: "text", fontSize: 11 }, style),
                 encoding: { y: { field: "name", type: "nominal", sort: c.names }, x: { field: "shown", type: "quantitative" },
                             text: { field: "label", type: "nominal" } } };
      }
      var bars = {
        title: "one forecast under each cost",
        // narrower than ctx.panels' share: the cost names beside the bars need about 110 px, not 70
        width: ctx.narrow ? ctx.width - 115 : Math.floor(((ctx.width - 140) * 1.35) / 2.35) - 40,
        height: ctx.narrow ? 230 : 250,
        layer: [
          { data: { name: "costs" }, mark: { type: "bar", height: { band: 0.7 } },
            encoding: {
              y: { field: "name", type: "nominal", title: null, sort: c.names, scale: { domain: c.names } },
              x: { field: "shown", type: "quantitative", title: "value (log scale)",
                   scale: { type: "log", domain: c.value_limits, nice: false },
                   axis: { values: [1e-6, 1e-2, 1e2, 1e6, 1e10, 1e14, 1e18, 1e22],
                           labelExpr: ctx.powerOfTenLabel, labelOverlap: true } },
              x2: { field: "floor" },
              color: { field: "name", type: "nominal", scale: { domain: c.names, range: colors }, legend: null },
            } },
          valueLabel("outside", { align: "left", dx: 4 }),
          valueLabel("inside", { align: "right", dx: -4, color: "white" }),  // long bars: no room beyond them
        ],
      };
      var u = { field: "u", type: "quantitative", title: "r / δ", scale: { domain: [-c.u_max, c.u_max], nice: false } };
      // the forecast's r/δ beside its dot, on the side towards the middle so that it stays in the frame
      function forecastLabel(align, dx) {
        return { data: { name: "forecast" }, transform: [{ filter: "datum.align === '" + align + "'" }],
                 mark: { type: "text", fontSize: 12, align: align, dx: dx, baseline: "middle" },
                 encoding: { x: { field: "u", type: "quantitative" }, y: { field: "labelValue", type: "quantitative" },
                             text: { field: "label", type: "nominal" } } };
      }
      var curveLegend = { symbolType: "stroke", symbolStrokeWidth: 2.5, symbolSize: 300, columns: 2 };
      var huber = {
        title: "Huber, in units of δ",
        height: ctx.narrow ? 200 : 250,
        layer: [
          { data: { values: [{ u: -1, u2: 1 }] }, mark: { type: "rect", color: LOSS_COLORS.huber_loss, opacity: 0.14 },
            encoding: { x: u, x2: { field: "u2" } } },
          { data: { name: "huber curves" }, mark: { type: "line", clip: true },
            encoding: {
              x: u,
              y: { field: "value", type: "quantitative", title: "loss / δ²", scale: { domain: [-0.05 * c.u_max, 1.05 * c.u_max], nice: false } },
              // one legend for colour and dash (the same field), so its symbols show both
              color: { field: "what", type: "nominal", title: null, legend: curveLegend,
                       scale: { domain: ["Huber ℓ_δ(r)/δ²", "½ (r/δ)²"], range: [LOSS_COLORS.huber_loss, MODEL] } },
              strokeDash: { field: "what", type: "nominal", title: null, legend: curveLegend,
                            scale: { domain: ["Huber ℓ_δ(r)/δ²", "½ (r/δ)²"], range: [[1, 0], [5, 4]] } },
            } },
          { data: { name: "forecast" }, mark: { type: "point", filled: true, size: 90, color: PALETTE_INK },
            encoding: { x: { field: "u", type: "quantitative" }, y: { field: "value", type: "quantitative" } } },
          forecastLabel("left", 10), forecastLabel("right", -10),
          { data: { values: [{ u: 0, text: "|r| ≤ δ" }] }, mark: { type: "text", fontSize: 11, dy: -4, color: LOSS_COLORS.huber_loss },
            encoding: { x: { field: "u", type: "quantitative" }, y: { datum: 0.97 * c.u_max, type: "quantitative" },
                        text: { field: "text", type: "nominal" } } },
        ],
      };
      // stacked, the panels share their left edge, set by the cost names: the same width for both
      if (ctx.narrow) huber.width = bars.width;
      return ctx.panels([bars, huber], [1.35, 1]);
    },
    compute: function (v, ctx) {
      var c = ctx.constants, f = ctx.f;
      var y = v.true_value * v.scale, p = v.predicted * v.scale, delta = v.delta;
      var params = { huber_loss: [delta], pseudo_huber_loss: [delta] };
      var outputs = {}, rows = [];
      c.losses.forEach(function (name, k) {
        var value = f[name].apply(null, [y, p].concat(params[name] || []));
        outputs[name] = value;
        var shown = Math.max(value, c.floor), limits = c.value_limits;
        var along = Math.log(shown / limits[0]) / Math.log(limits[1] / limits[0]);  // 0 to 1 across the axis
        rows.push({ name: c.names[k], shown: shown, floor: c.floor, label: value === 0 ? "0" : ctx.format(value),
                    where: along > 0.55 ? "inside" : "outside" });
      });
      var difference = p - y, u = difference / delta;
      outputs.true_price = y;
      outputs.forecast = p;
      outputs.difference = difference;
      outputs.residual_over_delta = u;
      var inside = Math.abs(u) <= c.u_max;
      var shownU = inside ? u : Math.sign(u) * c.u_max;
      var height = inside ? outputs.huber_loss / Math.pow(delta, 2) : f.huber_loss(0, shownU, 1);
      var labelValue = height + (height > 0.75 * c.u_max ? -0.07 : 0.07) * c.u_max;  // below the dot near the top
      var label = "r/δ = " + ctx.format(u, 3) + (inside ? "" : " (off the chart)");
      var money = function (x) { return ctx.format(x, 6); };
      var o = outputs;
      return {
        data: { costs: rows, "huber curves": ctx.huberCurves,
                forecast: [{ u: shownU, value: height, labelValue: labelValue, label: label, align: shownU > 0 ? "right" : "left" }] },
        outputs: outputs,
        readout: "true price " + money(y) + ", forecast " + money(p) + " dollars: forecast − price = <b>" +
          ctx.signed(difference, 6) + "</b> dollars, <b>" + ctx.format(100 * o.relative_error, 3) + " %</b> of the price. " +
          "MSE " + ctx.format(o.mean_squared_error) + " dollars², RMSE " + ctx.format(o.root_mean_squared_error) +
          " and MAE " + ctx.format(o.mean_absolute_error) + " dollars, Huber (δ = " + ctx.format(delta, 3) + ") " +
          ctx.format(o.huber_loss) + ", pseudo-Huber " + ctx.format(o.pseudo_huber_loss) + ", log-cosh " +
          ctx.format(o.log_cosh_loss) + ", MSLE " + ctx.format(o.mean_squared_log_error) + ".",
      };
    },
  });
})(globalThis.lossbookExplorers);
