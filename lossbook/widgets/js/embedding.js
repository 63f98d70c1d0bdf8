/* Explorer programs of the similarity and embedding chapter (lossbook.widgets.embedding).
 *
 * Every distance, cosine, triplet loss, softmax and cross-entropy evaluated here is a function
 * in ctx.f, printed from the SymPy definitions (lossbook.symbolic.embedding, expanded for points
 * of the plane) and the stable forms of lossbook.symbolic.classification; this file only places
 * the points, samples the curves, arranges and labels them.
 */
(function (explorers) {
  "use strict";

  // The book's palette and the losses' colours, from lossbook.style and the catalog records.
  var STYLE = globalThis.lossbookStyle, PALETTE = STYLE.palette;
  var POSITIVE = PALETTE.positive, NEGATIVE = PALETTE.negative, NEUTRAL = PALETTE.neutral;
  var ACCENT = PALETTE.accent, INK = PALETTE.ink, DATA = PALETTE.data, MODEL = PALETTE.model;
  var HINGE = STYLE.losses.triplet_margin_loss.color, SOFT = STYLE.losses.soft_margin_triplet_loss.color;
  var HINGE_NAME = STYLE.losses.triplet_margin_loss.short, SOFT_NAME = STYLE.losses.soft_margin_triplet_loss.short;
  var ONE_ROW = { values: [{}] };
  var PAIR_COLORS = [PALETTE.data, PALETTE.model, "#2a9d8f", PALETTE.step];

  function q(field, extra) {
    return Object.assign({ field: field, type: "quantitative" }, extra || {});
  }

  function grid(low, high, n) {
    var points = [];
    for (var i = 0; i <= n; i++) points.push(low + ((high - low) * i) / n);
    return points;
  }

  /** A point of the plane at `degrees` from the x axis, `length` from the origin. */
  function onCircle(degrees, length) {
    var theta = degrees * (Math.PI / 180);  // the same two roundings as lossbook.widgets.embedding
    return [length * Math.cos(theta), length * Math.sin(theta)];
  }

  /** Rows of a circle of `radius` around (cx, cy), in drawing order. */
  function circle(cx, cy, radius, what) {
    return grid(0, 2 * Math.PI, 120).map(function (t, k) {
      return { x: cx + radius * Math.cos(t), y: cy + radius * Math.sin(t), k: k, what: what };
    });
  }

  /** A square plane beside (or above, when narrow) a second panel. */
  function planeAndPanel(ctx, plane, panel) {
    var side = ctx.narrow ? Math.min(ctx.width - 70, 320) : Math.min(300, Math.floor((ctx.width - 140) * 0.45));
    plane = Object.assign({ width: side, height: side }, plane);
    panel = Object.assign({ width: ctx.narrow ? ctx.width - 70 : Math.max(160, ctx.width - side - 150),
                            height: ctx.narrow ? 200 : side }, panel);
    var resolve = { scale: { color: "independent" }, legend: { color: "independent" } };
    return ctx.narrow ? { vconcat: [plane, panel], spacing: 18, resolve: resolve }
      : { hconcat: [plane, panel], spacing: 30, resolve: resolve };
  }

  // ------------------------------------------------------------------ triplet margin loss
  var ZONES = ["hard: d(a, n) < d(a, p)", "semi-hard: inside the margin", "easy: loss 0"];
  var POINTS = ["anchor a", "positive p", "negative n"];

  explorers.define("triplet", {
    // The plane is the first panel of the concatenation: its scales are concat_0_x, concat_0_y.
    drag: {
      x: "concat_0_x",
      y: "concat_0_y",
      controls: function (datum) { return datum.drag ? [datum.drag + "x", datum.drag + "y"] : null; },
    },
    chart: function (ctx) {
      var e = ctx.constants.extent, c = ctx.constants;
      var x = q("x", { title: "embedding coordinate 1", scale: { domain: [-e, e], nice: false } });
      var y = q("y", { title: "embedding coordinate 2", scale: { domain: [-e, e], nice: false } });
      var zoneColor = { field: "what", type: "nominal", title: null,
                        scale: { domain: ZONES, range: [NEGATIVE, ACCENT, NEUTRAL] },
                        legend: { columns: ctx.narrow ? 1 : 3, symbolType: "square" } };
      var plane = {
        title: "drag the points (or use the sliders)",
        layer: [
          { data: { name: "outer" }, mark: { type: "line", fill: ACCENT, fillOpacity: 0.22, stroke: ACCENT, clip: true },
            encoding: { x: x, y: y, order: q("k") } },
          { data: { name: "inner" }, mark: { type: "line", fill: "#ffffff", fillOpacity: 1, stroke: null, clip: true },
            encoding: { x: x, y: y, order: q("k") } },
          { data: { name: "inner" }, mark: { type: "line", fill: NEGATIVE, fillOpacity: 0.14, stroke: NEGATIVE,
                                             strokeDash: [4, 3], clip: true },
            encoding: { x: x, y: y, order: q("k") } },
          { data: { name: "segments" }, mark: { type: "rule", strokeWidth: 2, clip: true },
            encoding: { x: q("x"), y: q("y"), x2: { field: "x2" }, y2: { field: "y2" },
                        color: { field: "color", type: "nominal", scale: null } } },
          { data: { name: "segments" }, mark: { type: "text", fontSize: 12, dy: -7, clip: true },
            encoding: { x: q("mx"), y: q("my"), text: { field: "text" } } },
          { data: { name: "points" }, mark: { type: "point", filled: true, size: 260, cursor: "grab", opacity: 1,
                                              stroke: "#ffffff", strokeWidth: 1.5 },
            encoding: { x: q("x"), y: q("y"),
                        color: { field: "name", type: "nominal", title: null,
                                 scale: { domain: POINTS, range: [INK, POSITIVE, NEGATIVE] },
                                 legend: { columns: 3, symbolType: "circle" } } } },
          { data: { name: "points" }, mark: { type: "text", fontSize: 13, fontWeight: "bold", dx: 12, dy: -10 },
            encoding: { x: q("x"), y: q("y"), text: { field: "short" } } },
        ],
      };
      var t = q("t", { title: "distance to the negative used", scale: { domain: [0, c.t_max], nice: false } });
      var loss = q("loss", { title: "triplet loss", scale: { domain: [0, c.loss_max] } });
      var slice = {
        title: "loss against the negative's distance",
        layer: [
          { data: { name: "zones" }, mark: { type: "rect", opacity: 0.16 },
            encoding: { x: q("t0", { scale: { domain: [0, c.t_max], nice: false }, title: null }), x2: { field: "t1" },
                        color: zoneColor } },
          { data: { name: "curves" }, mark: { type: "line", strokeWidth: 2.5, clip: true },
            encoding: { x: t, y: loss,
                        stroke: { field: "curve", type: "nominal", title: null,
                                  scale: { domain: [HINGE_NAME, SOFT_NAME], range: [HINGE, SOFT] },
                                  legend: { symbolType: "stroke", symbolStrokeWidth: 3 } } } },
          { data: { name: "now" }, mark: { type: "rule", color: INK, strokeDash: [2, 3] },
            encoding: { x: q("t") } },
          { data: { name: "now" }, mark: { type: "point", filled: true, size: 80, color: INK, clip: true },
            encoding: { x: q("t"), y: q("loss") } },
        ],
      };
      return planeAndPanel(ctx, plane, slice);
    },
    compute: function (v, ctx) {
      var f = ctx.f, c = ctx.constants, m = v.margin;
      var dap = f.distance(v.ax, v.ay, v.px, v.py), dan = f.distance(v.ax, v.ay, v.nx, v.ny);
      var dpn = f.distance(v.px, v.py, v.nx, v.ny);
      var used = v.swap ? Math.min(dan, dpn) : dan;
      var hinge = v.swap ? f.triplet_swap(v.ax, v.ay, v.px, v.py, v.nx, v.ny, m)
        : f.triplet(v.ax, v.ay, v.px, v.py, v.nx, v.ny, m);
      var soft = v.swap ? f.soft_swap(v.ax, v.ay, v.px, v.py, v.nx, v.ny) : f.soft(v.ax, v.ay, v.px, v.py, v.nx, v.ny);
      var kind = used < dap ? "hard" : hinge === 0 ? "easy" : "semi-hard";
      var viaSwap = v.swap && dpn < dan;
      var curves = [];
      grid(0, c.t_max, 200).forEach(function (t) {
        curves.push({ t: t, loss: Math.min(f.triplet_slice(dap, t, m), c.loss_max + 1), curve: HINGE_NAME });
        curves.push({ t: t, loss: Math.min(f.soft_slice(dap, t), c.loss_max + 1), curve: SOFT_NAME });
      });
      var fmt = function (x) { return ctx.format(x, 3); };
      var negativeEnd = viaSwap ? [v.px, v.py] : [v.ax, v.ay];
      var explain = {
        hard: "<b>hard</b>: the negative is closer than the positive",
        "semi-hard": "<b>semi-hard</b>: farther than the positive, but inside the margin",
        easy: "<b>easy</b>: beyond d(a, p) + m, so the hinge is 0 and gives no gradient",
      }[kind];
      return {
        data: {
          outer: circle(v.ax, v.ay, dap + m, ZONES[1]),
          inner: circle(v.ax, v.ay, dap, ZONES[0]),
          segments: [
            { x: v.ax, y: v.ay, x2: v.px, y2: v.py, mx: (v.ax + v.px) / 2, my: (v.ay + v.py) / 2,
              color: POSITIVE, text: fmt(dap) },
            { x: negativeEnd[0], y: negativeEnd[1], x2: v.nx, y2: v.ny, mx: (negativeEnd[0] + v.nx) / 2,
              my: (negativeEnd[1] + v.ny) / 2, color: NEGATIVE, text: fmt(used) },
          ],
          points: [
            { x: v.ax, y: v.ay, name: POINTS[0], short: "a", drag: "a" },
            { x: v.px, y: v.py, name: POINTS[1], short: "p", drag: "p" },
            { x: v.nx, y: v.ny, name: POINTS[2], short: "n", drag: "n" },
          ],
          zones: [
            { t0: 0, t1: Math.min(dap, c.t_max), what: ZONES[0] },
            { t0: Math.min(dap, c.t_max), t1: Math.min(dap + m, c.t_max), what: ZONES[1] },
            { t0: Math.min(dap + m, c.t_max), t1: c.t_max, what: ZONES[2] },
          ],
          curves: curves,
          now: [{ t: used, loss: Math.min(hinge, c.loss_max) }, { t: used, loss: Math.min(soft, c.loss_max) }],
        },
        outputs: { d_ap: dap, d_an: dan, d_pn: dpn, d_negative: used, hinge: hinge, soft: soft, kind: kind },
        readout: "d(a, p) = <b>" + fmt(dap) + "</b>, d(a, n) = <b>" + fmt(dan) + "</b>" +
          (v.swap ? ", d(p, n) = " + fmt(dpn) + (viaSwap ? " (closer: the swap uses it)" : " (the swap keeps d(a, n))") : "") +
          " — " + explain + ".<br>hinge: max(0, " + fmt(dap) + " − " + fmt(used) + " + " + fmt(m) + ") = <b>" +
          ctx.format(hinge, 4) + "</b>; soft margin: log(1 + e<sup>" + fmt(dap) + " − " + fmt(used) + "</sup>) = <b>" +
          ctx.format(soft, 4) + "</b>",
      };
    },
  });

  // ------------------------------------------------------------------ InfoNCE
  explorers.define("info_nce", {
    setup: function (ctx) {
      ctx.anchors = ctx.constants.anchor_angles.map(function (a) { return onCircle(a, 1); });
      ctx.unit = circle(0, 0, 1, "unit circle");
    },
    chart: function (ctx) {
      var n = ctx.anchors.length;
      var labels = ctx.anchors.map(function (_, i) { return String(i + 1); });
      var x = q("x", { title: null, scale: { domain: [-1.3, 1.3], nice: false }, axis: { tickCount: 5 } });
      var y = q("y", { title: null, scale: { domain: [-1.3, 1.3], nice: false }, axis: { tickCount: 5 } });
      var pair = { field: "pair", type: "nominal", title: "pair",
                   scale: { domain: labels, range: PAIR_COLORS.slice(0, n) }, legend: null };
      var plane = {
        title: "anchors ● and positives ○",
        layer: [
          { data: { values: ctx.unit }, mark: { type: "line", color: NEUTRAL, strokeWidth: 1 },
            encoding: { x: x, y: y, order: q("k") } },
          { data: { name: "points" }, mark: { type: "point", size: 170, strokeWidth: 2.5 },
            encoding: { x: q("x"), y: q("y"), color: pair, fill: { field: "fill", type: "nominal", scale: null } } },
          { data: { name: "points" }, mark: { type: "text", fontSize: 12, fontWeight: "bold" },
            encoding: { x: q("lx"), y: q("ly"), text: { field: "label" }, color: pair } },
        ],
      };
      var row = { field: "row", type: "ordinal", title: "anchor", sort: null };
      var col = { field: "col", type: "ordinal", title: "candidate (positive of pair …)", sort: null };
      var matrix = {
        title: "softmax of cos(aᵢ, pⱼ) / τ over each row",
        layer: [
          { data: { name: "matrix" }, mark: { type: "rect", stroke: "#ffffff" },
            encoding: { x: col, y: row,
                        color: q("p", { title: null, scale: { domain: [0, 1], scheme: "blues" }, legend: null }) } },
          { data: { name: "matrix" }, transform: [{ filter: "datum.diagonal" }],
            mark: { type: "rect", fill: null, stroke: INK, strokeWidth: 2.5 },
            encoding: { x: col, y: row } },
          { data: { name: "matrix" }, mark: { type: "text", fontSize: 12 },
            encoding: { x: col, y: row, text: { field: "text" },
                        color: { condition: { test: "datum.p > 0.55", value: "#ffffff" }, value: INK } } },
        ],
      };
      return planeAndPanel(ctx, plane, matrix);
    },
    compute: function (v, ctx) {
      var f = ctx.f, n = ctx.anchors.length, T = v.temperature;
      var positives = [];
      for (var j = 0; j < n; j++) positives.push(onCircle(v["p" + j], 1));
      var probabilities = [], losses = [], matrix = [], points = [];
      ctx.anchors.forEach(function (a, i) {
        var row = positives.map(function (p) { return f.cosine(a[0], a[1], p[0], p[1]); });
        var args = row.concat([T]);
        row.forEach(function (s, j) {
          var p = f["softmax_" + j].apply(null, args);
          probabilities.push(p);
          matrix.push({ row: "a" + (i + 1), col: "p" + (j + 1), p: p, diagonal: i === j,
                        text: p >= 0.995 ? ctx.format(p, 3) : ctx.fixed(p, 2) });
        });
        losses.push(f["cross_entropy_" + i].apply(null, args));
        points.push({ x: a[0], y: a[1], lx: 1.17 * a[0], ly: 1.17 * a[1], pair: String(i + 1),
                      label: "a" + (i + 1), fill: PAIR_COLORS[i] });
        var p = positives[i];
        points.push({ x: p[0], y: p[1], lx: 0.78 * p[0], ly: 0.78 * p[1], pair: String(i + 1),
                      label: "p" + (i + 1), fill: "#ffffff" });
      });
      var loss = losses.reduce(function (s, l) { return s + l; }, 0) / n;
      return {
        data: { points: points, matrix: matrix },
        outputs: { probabilities: probabilities, losses: losses, loss: loss },
        readout: "InfoNCE = mean of −log(diagonal) = <b>" + ctx.format(loss, 4) + "</b> at τ = " + ctx.format(T, 3) +
          " (per anchor: " + losses.map(function (l) { return ctx.format(l, 3); }).join(", ") +
          "; chance level ln " + n + " = " + ctx.format(Math.log(n), 3) + ")",
      };
    },
  });

  // ------------------------------------------------------------------ cosine similarity
  explorers.define("cosine", {
    setup: function (ctx) {
      ctx.unit = circle(0, 0, 1, "unit circle");
      var rows = [];
      grid(-180, 180, 180).forEach(function (deg) {
        var u = onCircle(deg, 1);
        rows.push({ angle: deg, value: ctx.f.cosine(u[0], u[1], 1, 0), what: "cos θ" });
        rows.push({ angle: deg, value: ctx.f.cosine_distance(u[0], u[1], 1, 0), what: "cosine distance 1 − cos θ" });
      });
      ctx.curves = rows;
    },
    chart: function (ctx) {
      var x = q("x", { title: null, scale: { domain: [-2.2, 2.2], nice: false }, axis: { tickCount: 5 } });
      var y = q("y", { title: null, scale: { domain: [-2.2, 2.2], nice: false }, axis: { tickCount: 5 } });
      var arrowColor = { field: "name", type: "nominal", title: null,
                         scale: { domain: ["u", "v = (1, 0)"], range: [MODEL, DATA] }, legend: { columns: 2 } };
      var plane = {
        title: "two vectors",
        layer: [
          { data: { values: ctx.unit }, mark: { type: "line", color: NEUTRAL, strokeWidth: 1, strokeDash: [3, 3] },
            encoding: { x: x, y: y, order: q("k") } },
          { data: { name: "arrows" }, mark: { type: "rule", strokeWidth: 3 },
            encoding: { x: q("x0"), y: q("y0"), x2: { field: "x" }, y2: { field: "y" }, color: arrowColor } },
          { data: { name: "arrows" }, mark: { type: "point", filled: true, size: 90, opacity: 1 },
            encoding: { x: q("x"), y: q("y"), color: arrowColor } },
        ],
      };
      var curves = {
        title: "against the angle θ between u and v",
        layer: [
          { data: { values: ctx.curves }, mark: { type: "line", strokeWidth: 2.2 },
            encoding: { x: q("angle", { title: "angle θ (degrees)", scale: { domain: [-180, 180], nice: false },
                                        axis: { values: [-180, -90, 0, 90, 180] } }),
                        y: q("value", { title: null, scale: { domain: [-1, 2] } }),
                        color: { field: "what", type: "nominal", title: null,
                                 scale: { domain: ["cos θ", "cosine distance 1 − cos θ"],
                                          range: [NEUTRAL, STYLE.losses.cosine_distance.color] },
                                 legend: { columns: ctx.narrow ? 1 : 2, symbolType: "stroke", symbolStrokeWidth: 3 } } } },
          { data: { name: "now" }, mark: { type: "rule", color: INK, strokeDash: [2, 3] }, encoding: { x: q("angle") } },
          { data: { name: "now" }, mark: { type: "point", filled: true, size: 80, color: INK },
            encoding: { x: q("angle"), y: q("value") } },
        ],
      };
      return planeAndPanel(ctx, plane, curves);
    },
    compute: function (v, ctx) {
      var u = onCircle(v.angle, v.length);
      var cos = ctx.f.cosine(u[0], u[1], 1, 0), distance = ctx.f.cosine_distance(u[0], u[1], 1, 0);
      var c = ctx.constants, readout;
      if (Number.isNaN(cos)) {
        readout = "u = 0: cos(u, v) = 0 / 0 is <b>undefined</b>. lossbook raises <code>ValueError: " +
          ctx.escape(c.message) + "</code><br>The frameworks do not raise (values by their documented eps rules): " +
          c.frameworks.map(function (row) {
            return ctx.escape(row[0]) + " → <b>" + ctx.escape(row[1]) + "</b> (" + ctx.escape(row[2]) + ")";
          }).join("; ");
      } else {
        readout = "cos(u, v) = <b>" + ctx.format(cos, 4) + "</b>, cosine distance 1 − cos = <b>" +
          ctx.format(distance, 4) + "</b> — the same for any length of u above 0";
      }
      return {
        data: {
          arrows: [{ x0: 0, y0: 0, x: u[0], y: u[1], name: "u" }, { x0: 0, y0: 0, x: 1, y: 0, name: "v = (1, 0)" }],
          now: Number.isNaN(cos) ? [] : [{ angle: v.angle, value: distance }, { angle: v.angle, value: cos }],
        },
        outputs: { cos: cos, distance: distance, ux: u[0], uy: u[1] },
        readout: readout,
      };
    },
  });
})(globalThis.lossbookExplorers);
