/* Explorer programs of the classification chapters (lossbook.widgets.classification).
 *
 * Every sigmoid, softmax, cross-entropy and hinge evaluated here is a function in ctx.f,
 * printed from SymPy (the catalogued losses' floating-point forms and the stable forms of
 * lossbook.symbolic.classification); this file only samples, arranges and labels them.
 */
(function (explorers) {
  "use strict";

  // The book's palette and the losses' colours, from lossbook.style and the catalog records.
  var STYLE = globalThis.lossbookStyle, PALETTE = STYLE.palette;
  var POSITIVE = PALETTE.positive, NEGATIVE = PALETTE.negative, NEUTRAL = PALETTE.neutral, ACCENT = PALETTE.accent;
  var HINGE = STYLE.losses.hinge.color, SQUARED_HINGE = STYLE.losses.squared_hinge.color;
  var LOGISTIC = STYLE.losses.binary_cross_entropy.color, INK = PALETTE.ink;
  var NOW = { type: "point", filled: true, size: 80, color: INK, clip: true };
  var GUIDE = { type: "rule", color: INK, strokeDash: [2, 3], clip: true };
  var ONE_ROW = { values: [{}] };

  function grid(low, high, n) {
    var points = [];
    for (var i = 0; i <= n; i++) points.push(low + ((high - low) * i) / n);
    return points;
  }

  function q(field, extra) {
    return Object.assign({ field: field, type: "quantitative" }, extra || {});
  }

  /** Two text layers for a label at a point: to its right, or to its left near the right edge. */
  function pointLabels(dataName, x, y, fontSize) {
    return [["right", "left", 9], ["left", "right", -9]].map(function (side) {
      return {
        data: { name: dataName },
        transform: [{ filter: "datum.side == '" + side[0] + "'" }],
        mark: { type: "text", align: side[1], dx: side[2], dy: -10, fontSize: fontSize || 12, clip: false },
        encoding: { x: x, y: y, text: { field: "text" } },
      };
    });
  }

  // ------------------------------------------------------------------ binary cross-entropy
  var BRANCHES = ["y = 1 (dog): −ln p", "y = 0 (cat): −ln(1 − p)"];

  explorers.define("bce", {
    setup: function (ctx) {
      // Both branches once; each label's version draws its own branch bold.
      var top = ctx.constants.loss_max, ps = grid(0.002, 0.998, 332);
      ctx.curves = {};
      [1, 0].forEach(function (label) {
        var rows = [];
        [1, 0].forEach(function (branch, b) {
          var active = branch === label;
          ps.forEach(function (p) {
            rows.push({ p: p, loss: Math.min(ctx.f.bce(branch, p), top + 1), branch: BRANCHES[b],
                        w: active ? 3.2 : 1.5, o: active ? 1 : 0.35 });
          });
        });
        ctx.curves[label] = rows;
      });
    },
    chart: function (ctx) {
      var c = ctx.constants;
      var x = q("p", { title: "predicted probability p of 'dog'", scale: { domain: [0, 1] },
                         axis: { format: ".1f", tickCount: ctx.narrow ? 5 : 10 } });
      var y = q("loss", { title: "loss (nats)", scale: { domain: [0, c.loss_max] } });
      return {
        height: ctx.narrow ? 220 : 260,
        layer: [
          { data: ONE_ROW, mark: { type: "rule", color: NEUTRAL, strokeDash: [4, 4] },
            encoding: { x: { datum: 0.5, type: "quantitative" } } },
          { data: { name: "curves" }, mark: { type: "line", clip: true },
            encoding: { x: x, y: y,
                        color: { field: "branch", type: "nominal", title: null, scale: { domain: BRANCHES, range: [POSITIVE, NEGATIVE] } },
                        strokeWidth: q("w", { scale: null, legend: null }),
                        opacity: q("o", { scale: null, legend: null }) } },
          { data: { name: "point" }, mark: GUIDE,
            encoding: { x: q("p"), y: q("loss"), y2: { datum: 0 } } },
          { data: { name: "point" }, mark: NOW, encoding: { x: q("p"), y: q("loss") } },
        ].concat(pointLabels("point", q("p"), q("loss"))),
      };
    },
    compute: function (v, ctx) {
      var p = v.probability, label = v.label;
      var loss = ctx.f.bce(label, p), log10 = ctx.f.bce_log10(label, p), bits = ctx.f.bce_bits(label, p);
      var shown = Math.min(loss, ctx.constants.loss_max);
      var pText = ctx.format(p, 3);
      var branch = label === 1 ? "−ln(" + pText + ")" : "−ln(1 − " + pText + ")";
      var verdict = p === 0.5 ? "exactly 0.5: undecided"
        : (p > 0.5) === (label === 1) ? "on the right side of 0.5" : "on the <b>wrong side of 0.5</b>";
      return {
        data: {
          curves: ctx.curves[label],
          point: [{ p: p, loss: shown, side: p > 0.72 ? "left" : "right", text: "loss " + ctx.format(loss, 4) }],
        },
        outputs: { loss: loss, loss_log10: log10, loss_bits: bits },
        readout: "loss = " + branch + " = <b>" + ctx.format(loss, 4) + "</b> nats (" + ctx.format(log10, 4) +
          " with log₁₀, " + ctx.format(bits, 4) + " bits) — the prediction is " + verdict,
      };
    },
  });

  // ------------------------------------------------------------------ cross-entropy from the logit
  var LOGIT_CURVES = ["y = 1 (dog)", "y = 0 (cat)", "tangent: slope σ(z) − y"];

  explorers.define("logit", {
    setup: function (ctx) {
      var zm = ctx.constants.z_max, zs = grid(-zm, zm, 320);
      ctx.sigmoidCurve = zs.map(function (z) { return { z: z, p: ctx.f.sigmoid(z) }; });
      ctx.lossCurves = {};
      [1, 0].forEach(function (label) {
        var rows = [];
        [1, 0].forEach(function (branch, b) {
          var active = branch === label;
          zs.forEach(function (z) {
            rows.push({ z: z, loss: ctx.f.bce_logits(branch, z), what: LOGIT_CURVES[b],
                        w: active ? 3.2 : 1.5, o: active ? 1 : 0.35 });
          });
        });
        ctx.lossCurves[label] = rows;
      });
    },
    chart: function (ctx) {
      var zm = ctx.constants.z_max;
      var zAxis = q("z", { title: "logit z", scale: { domain: [-zm, zm] } });
      var color = { field: "what", type: "nominal", title: null,
                    scale: { domain: LOGIT_CURVES, range: [POSITIVE, NEGATIVE, ACCENT] } };
      var sigmoid = {
        title: "the sigmoid turns z into p",
        layer: [
          { data: ONE_ROW, mark: { type: "rule", color: NEUTRAL, strokeDash: [4, 4] },
            encoding: { y: { datum: 0.5, type: "quantitative" } } },
          { data: { name: "sigmoid" }, mark: { type: "line", color: NEUTRAL, strokeWidth: 2 },
            encoding: { x: zAxis, y: q("p", { title: "p = σ(z)", scale: { domain: [0, 1] } }) } },
          { data: { name: "now" }, mark: GUIDE, encoding: { x: q("z"), y: q("p"), y2: { datum: 0 } } },
          { data: { name: "now" }, mark: NOW, encoding: { x: q("z"), y: q("p") } },
        ],
      };
      var loss = {
        title: "cross-entropy from the logit",
        layer: [
          { data: { name: "curves" }, mark: { type: "line", clip: true },
            encoding: { x: zAxis, y: q("loss", { title: "loss (nats)", scale: { domain: [0, zm + 0.5] } }), color: color,
                        strokeWidth: q("w", { scale: null, legend: null }), opacity: q("o", { scale: null, legend: null }) } },
          { data: { name: "tangent" }, mark: { type: "line", strokeDash: [6, 3], strokeWidth: 2.5, clip: true },
            encoding: { x: q("z"), y: q("loss"), color: color } },
          { data: { name: "now" }, mark: NOW, encoding: { x: q("z"), y: q("loss") } },
        ],
      };
      return ctx.panels([sigmoid, loss]);
    },
    compute: function (v, ctx) {
      var z = v.z, label = v.label, half = 0.3 * ctx.constants.z_max;
      var p = ctx.f.sigmoid(z), loss = ctx.f.bce_logits(label, z), gradient = ctx.f.bce_logits_gradient(label, z);
      return {
        data: {
          sigmoid: ctx.sigmoidCurve,
          curves: ctx.lossCurves[label],
          tangent: [-half, half].map(function (h) { return { z: z + h, loss: loss + gradient * h, what: LOGIT_CURVES[2] }; }),
          now: [{ z: z, p: p, loss: loss }],
        },
        outputs: { probability: p, loss: loss, gradient: gradient },
        readout: "σ(" + ctx.format(z, 3) + ") = <b>" + ctx.format(p, 4) + "</b>; loss from the logit = <b>" +
          ctx.format(loss, 5) + "</b> nats; gradient ∂loss/∂z = σ(z) − y = <b>" + ctx.signed(gradient, 4) + "</b>",
      };
    },
  });

  // ------------------------------------------------------------------ margin losses
  var MARGIN_CURVES = ["hinge", "squared hinge", "logistic (bits)", "zero-one"];

  explorers.define("margin", {
    setup: function (ctx) {
      var c = ctx.constants, rows = [];
      grid(-c.m_max, c.m_max, 360).forEach(function (m) {
        rows.push({ m: m, loss: Math.min(ctx.f.hinge(m), c.loss_max + 1), what: MARGIN_CURVES[0] });
        rows.push({ m: m, loss: Math.min(ctx.f.squared_hinge(m), c.loss_max + 1), what: MARGIN_CURVES[1] });
        rows.push({ m: m, loss: Math.min(ctx.f.logistic(m), c.loss_max + 1), what: MARGIN_CURVES[2] });
      });
      ctx.curves = rows;
    },
    chart: function (ctx) {
      var c = ctx.constants;
      var x = q("m", { title: "margin m = y · ŷ", scale: { domain: [-c.m_max, c.m_max] }, axis: { values: grid(-c.m_max, c.m_max, Math.round(4 * c.m_max)), format: ".1f" } });
      var y = q("loss", { title: "loss", scale: { domain: [0, c.loss_max] } });
      var color = { field: "what", type: "nominal", title: null, legend: { symbolType: "stroke", symbolStrokeWidth: 3, columns: ctx.narrow ? 2 : 4 },
                    scale: { domain: MARGIN_CURVES, range: [HINGE, SQUARED_HINGE, LOGISTIC, NEUTRAL] } };
      return {
        height: ctx.narrow ? 220 : 260,
        layer: [
          { data: ONE_ROW, mark: { type: "rect", color: NEUTRAL, opacity: 0.08 },
            encoding: { x: { datum: -c.m_max, type: "quantitative" }, x2: { datum: 0 } } },
          { data: { values: [{ m: -c.m_max, text: "wrong side (m < 0)" }] },
            mark: { type: "text", align: "left", dx: 6, dy: -8, fontSize: 12, color: NEUTRAL },
            encoding: { x: q("m"), y: { datum: 0, type: "quantitative" }, text: { field: "text" } } },
          { data: { values: [{ m: c.m_max, text: "correct side (m > 0)" }] },
            mark: { type: "text", align: "right", dx: -6, dy: 14, fontSize: 12, color: NEUTRAL },
            encoding: { x: q("m"), y: { datum: c.loss_max, type: "quantitative" }, text: { field: "text" } } },
          { data: { values: [{ m: -c.m_max, loss: 1 }, { m: 0, loss: 0 }, { m: c.m_max, loss: 0 }] },
            mark: { type: "line", interpolate: "step-after", color: NEUTRAL, strokeWidth: 1.5, strokeDash: [5, 3] },
            encoding: { x: x, y: y, color: { datum: "zero-one", type: "nominal", scale: color.scale, title: null } } },
          { data: { name: "curves" }, mark: { type: "line", strokeWidth: 2.2, clip: true },
            encoding: { x: x, y: y, color: color } },
          { data: { name: "now" }, mark: GUIDE,
            encoding: { x: q("m"), y: { datum: 0, type: "quantitative" }, y2: { datum: c.loss_max } } },
          { data: { name: "points" }, mark: { type: "point", filled: true, size: 80, opacity: 1, clip: true },
            encoding: { x: q("m"), y: q("loss"), color: color } },
        ],
      };
    },
    compute: function (v, ctx) {
      var m = v.margin, top = ctx.constants.loss_max;
      var hinge = ctx.f.hinge(m), squared = ctx.f.squared_hinge(m), logistic = ctx.f.logistic(m);
      var side = m > 0 ? "correct side" : m < 0 ? "wrong side" : "on the boundary";
      var where = m >= 1 ? "; beyond the margin m ≥ 1, so hinge is exactly 0 and logistic only close to 0"
        : m > 0 ? "; inside the margin m < 1, so hinge is still above 0" : "; the zero-one loss counts an error";
      return {
        data: {
          curves: ctx.curves,
          now: [{ m: m }],
          points: [
            { m: m, loss: Math.min(hinge, top), what: MARGIN_CURVES[0] },
            { m: m, loss: Math.min(squared, top), what: MARGIN_CURVES[1] },
            { m: m, loss: Math.min(logistic, top), what: MARGIN_CURVES[2] },
          ],
        },
        outputs: { hinge: hinge, squared_hinge: squared, logistic: logistic },
        readout: "m = " + ctx.signed(m, 3) + " (" + side + where + "): hinge <b>" + ctx.format(hinge, 4) +
          "</b>, squared hinge <b>" + ctx.format(squared, 4) + "</b>, logistic <b>" + ctx.format(logistic, 4) + "</b> bits",
      };
    },
  });

  // ------------------------------------------------------------------ softmax and cross-entropy
  var ROLES = ["true class", "other classes"];

  explorers.define("softmax", {
    chart: function (ctx) {
      var classes = ctx.constants.classes;
      var x = { field: "name", type: "nominal", title: null, sort: classes, axis: { labelAngle: 0, labelFontSize: 13 } };
      var color = { field: "role", type: "nominal", title: null, scale: { domain: ROLES, range: [POSITIVE, NEGATIVE] } };
      var probabilities = {
        title: "probabilities softmax(z / T)",
        layer: [
          { data: { name: "classes" }, mark: { type: "bar", width: { band: 0.7 } },
            encoding: { x: x, y: q("p", { title: "probability", scale: { domain: [0, 1.14], nice: false },
                                          axis: { values: [0, 0.2, 0.4, 0.6, 0.8, 1], format: ".1f" } }), color: color } },
          { data: { name: "classes" }, mark: { type: "text", baseline: "bottom", dy: -3, fontSize: 12 },
            encoding: { x: x, y: q("p"), text: { field: "p_text" } } },
        ],
      };
      var gradient = {
        title: "gradient ∂loss/∂zₖ = (ŷₖ − yₖ) / T",
        layer: [
          { data: { name: "frame" }, mark: { type: "point", opacity: 0 },
            encoding: { x: x, y: q("g", { title: "gradient", scale: { nice: true } }) } },
          { data: ONE_ROW, mark: { type: "rule", color: NEUTRAL }, encoding: { y: { datum: 0, type: "quantitative" } } },
          { data: { name: "classes" }, mark: { type: "bar", width: { band: 0.7 } },
            encoding: { x: x, y: q("g"), color: Object.assign({ legend: null }, color) } },
          { data: { name: "classes" }, transform: [{ filter: "datum.g >= 0" }],
            mark: { type: "text", baseline: "bottom", dy: -3, fontSize: 12 },
            encoding: { x: x, y: q("g"), text: { field: "g_text" } } },
          { data: { name: "classes" }, transform: [{ filter: "datum.g < 0" }],
            mark: { type: "text", baseline: "top", dy: 3, fontSize: 12 },
            encoding: { x: x, y: q("g"), text: { field: "g_text" } } },
        ],
      };
      return ctx.panels([probabilities, gradient]);
    },
    compute: function (v, ctx) {
      var classes = ctx.constants.classes, n = classes.length, T = v.temperature, c = v.true_class;
      var z = [];
      for (var k = 0; k < n; k++) z.push(v["z" + k]);
      var args = z.concat([T]);
      var probabilities = [], gradient = [], rows = [], sum = 0, best = 0;
      for (k = 0; k < n; k++) {
        probabilities.push(ctx.f["softmax_" + k].apply(null, args));
        gradient.push(ctx.f["gradient_" + k].apply(null, args.concat([k === c ? 1 : 0])));
        sum += probabilities[k];
        if (probabilities[k] > probabilities[best]) best = k;
      }
      var loss = ctx.f["cross_entropy_" + c].apply(null, args);
      var reach = 0;
      for (k = 0; k < n; k++) {
        reach = Math.max(reach, Math.abs(gradient[k]));
        rows.push({ name: classes[k], p: probabilities[k], g: gradient[k], role: ROLES[k === c ? 0 : 1],
                    p_text: ctx.fixed(probabilities[k], 3), g_text: ctx.signed(gradient[k], 3) });
      }
      reach = 1.25 * Math.max(1, reach);  // room for the labels beyond the longest bar
      return {
        data: { classes: rows, frame: [{ name: classes[0], g: -reach }, { name: classes[0], g: reach }] },
        outputs: { probabilities: probabilities, cross_entropy: loss, gradient: gradient, probability_sum: sum,
                   predicted: classes[best] },
        readout: "cross-entropy = −ln p(" + ctx.escape(classes[c]) + ") = <b>" + ctx.format(loss, 5) +
          "</b> nats; predicted class: <b>" + ctx.escape(classes[best]) + "</b>; probabilities sum to " + ctx.fixed(sum, 6),
      };
    },
  });

  // ------------------------------------------------------------------ multi-label
  var PRESENCE = ["label present", "label absent"];

  explorers.define("multilabel", {
    chart: function (ctx) {
      var c = ctx.constants;
      var y = { field: "name", type: "nominal", title: null, sort: c.names, axis: { labelFontSize: 12 } };
      var yRight = ctx.narrow ? y : Object.assign({}, y, { axis: { labels: false, ticks: false, domain: false } });
      var probabilities = {
        title: "predicted probability σ(zₖ)",
        layer: [
          { data: { name: "labels" }, mark: { type: "bar", height: { band: 0.7 } },
            encoding: { y: y, x: q("p", { title: "σ(z)", scale: { domain: [0, 1.2], nice: false },
                                          axis: { values: [0, 0.2, 0.4, 0.6, 0.8, 1], format: ".1f" } }),
                        color: { field: "presence", type: "nominal", title: null,
                                 scale: { domain: PRESENCE, range: [POSITIVE, NEGATIVE] } } } },
          { data: ONE_ROW, mark: { type: "rule", color: INK, strokeDash: [3, 3] },
            encoding: { x: { datum: 0.5, type: "quantitative" } } },
          { data: { name: "labels" }, mark: { type: "text", align: "left", dx: 4, fontSize: 12 },
            encoding: { y: y, x: q("p"), text: { field: "p_text" } } },
        ],
      };
      var losses = {
        title: "cross-entropy of each label (nats)",
        layer: [
          { data: { name: "labels" }, mark: { type: "bar", height: { band: 0.7 }, color: ACCENT, clip: true },
            encoding: { y: yRight, x: q("loss", { title: "loss (nats)", scale: { domain: [0, c.loss_max], nice: false },
                                                  axis: { values: [0, 1, 2, 3, 4, 5], format: "d" } }) } },
          { data: { name: "labels" }, mark: { type: "text", align: "left", dx: 4, fontSize: 12 },
            encoding: { y: yRight, x: q("loss_shown"), text: { field: "loss_text" } } },
        ],
      };
      return ctx.panels([probabilities, losses]);
    },
    compute: function (v, ctx) {
      var names = ctx.constants.names, n = names.length, top = ctx.constants.loss_max;
      var ys = [], zs = [], probabilities = [], losses = [], rows = [], predicted = [];
      for (var k = 0; k < n; k++) {
        var y = v["y" + k] ? 1 : 0, z = v["z" + k];
        var p = ctx.f.sigmoid(z), loss = ctx.f.bce_logits(y, z);
        ys.push(y); zs.push(z); probabilities.push(p); losses.push(loss);
        if (p > 0.5) predicted.push(names[k]);
        rows.push({ name: names[k], p: p, loss: loss, loss_shown: Math.min(loss, top), presence: PRESENCE[y ? 0 : 1],
                    p_text: ctx.fixed(p, 3), loss_text: ctx.format(loss, 3) });
      }
      var total = ctx.f.total.apply(null, ys.concat(zs));
      return {
        data: { labels: rows },
        outputs: { probabilities: probabilities, losses: losses, total: total, predicted: predicted },
        readout: "multi-label loss = sum of the " + n + " cross-entropies = <b>" + ctx.format(total, 5) +
          "</b> nats; predicted (p &gt; 0.5): " + (predicted.map(ctx.escape).join(", ") || "nothing"),
      };
    },
  });
})(globalThis.lossbookExplorers);
