/* Explorer programs of the structure-regulariser chapter (lossbook.widgets.structure).
 *
 * graph_fit builds the k-nearest-neighbour graph and solves (J + αL + ρI) f = J y by Gaussian
 * elimination, operation for operation as lossbook.graphs does in Python. adversarial_step
 * evaluates the cross-entropy printed from SymPy (ctx.f.bce) at the perturbed logit.
 */
(function (explorers) {
  "use strict";

  var STYLE = globalThis.lossbookStyle, PALETTE = STYLE.palette, INK = PALETTE.ink;

  var q = explorers.quantitative;

  // ------------------------------------------------------------------ graph fit
  function knnGraph(points, k) {
    var n = points.length, w = [];
    for (var i = 0; i < n; i++) w.push(new Array(n).fill(0));
    for (i = 0; i < n; i++) {
      var order = [];
      for (var j = 0; j < n; j++) {
        if (j === i) continue;
        var total = 0;
        for (var c = 0; c < points[i].length; c++) {
          var gap = points[i][c] - points[j][c];
          total += gap * gap;
        }
        order.push({ d: total, j: j });
      }
      order.sort(function (a, b) { return (a.d - b.d) || (a.j - b.j); });
      for (var m = 0; m < k; m++) { w[i][order[m].j] = 1; w[order[m].j][i] = 1; }
    }
    return w;
  }

  function solve(a) {  // a: augmented rows [A | b], modified in place
    var n = a.length;
    for (var col = 0; col < n; col++) {
      var pivot = col;
      for (var r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
      var swap = a[col]; a[col] = a[pivot]; a[pivot] = swap;
      for (r = col + 1; r < n; r++) {
        var factor = a[r][col] / a[col][col];
        if (factor !== 0) for (var c = col; c <= n; c++) a[r][c] -= factor * a[col][c];
      }
    }
    var x = new Array(n).fill(0);
    for (r = n - 1; r >= 0; r--) {
      var total = a[r][n];
      for (c = r + 1; c < n; c++) total -= a[r][c] * x[c];
      x[r] = total / a[r][r];
    }
    return x;
  }

  function fitOnGraph(w, labelled, targets, alpha, ridge) {
    var n = w.length, rows = [];
    for (var i = 0; i < n; i++) {
      var degree = 0;
      for (var j = 0; j < n; j++) degree += w[i][j];
      var row = [];
      for (j = 0; j < n; j++) {
        var laplacian = (i === j ? degree : 0) - w[i][j];
        row.push(alpha * laplacian + (i === j ? ridge : 0));
      }
      row.push(0);
      rows.push(row);
    }
    labelled.forEach(function (i, k) { rows[i][i] += 1; rows[i][n] = targets[k]; });
    return solve(rows);
  }

  explorers.define("graph_fit", {
    chart: function (ctx) {
      var height = Math.round((ctx.width - 60) * 2.2 / 3.6);  // equal units: 3.6 wide, 2.2 high
      return {
        height: Math.max(200, height),
        layer: [
          { data: { name: "edges" }, mark: { type: "rule", color: PALETTE.neutral, opacity: 0.6 },
            encoding: { x: q("x", { title: null, scale: { domain: [-1.3, 2.3], nice: false } }),
                        y: q("y", { title: null, scale: { domain: [-0.9, 1.3], nice: false } }),
                        x2: { field: "x2" }, y2: { field: "y2" } } },
          { data: { name: "nodes" }, mark: { type: "point", filled: true, size: 110, stroke: INK, strokeWidth: 0.6 },
            encoding: { x: q("x"), y: q("y"),
                        color: q("f", { title: "fitted f", scale: { domain: [-1, 1], range: [PALETTE.negative, "#eeeeee", PALETTE.positive] } }),
                        shape: { field: "kind", type: "nominal", title: null,
                                 scale: { domain: ["labelled", "unlabelled"], range: ["diamond", "circle"] } } } },
          // the labelled points again, larger
          { data: { name: "nodes" }, transform: [{ filter: "datum.kind == 'labelled'" }],
            mark: { type: "point", shape: "diamond", filled: true, size: 320, stroke: INK, strokeWidth: 1.2 },
            encoding: { x: q("x"), y: q("y"), color: q("f", { legend: null }) } },
        ],
      };
    },
    compute: function (v, ctx) {
      var c = ctx.constants, points = c.points, n = points.length;
      var w = knnGraph(points, v.neighbors);
      var f = fitOnGraph(w, c.labelled, c.targets, v.alpha, c.ridge);
      var edges = [], count = 0, graphTerm = 0;
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          if (!w[i][j]) continue;
          count += 1;
          var gap = f[i] - f[j];
          graphTerm += w[i][j] * (gap * gap);
          edges.push({ x: points[i][0], y: points[i][1], x2: points[j][0], y2: points[j][1] });
        }
      }
      var right = 0, unlabelled = 0, fit = 0;
      for (i = 0; i < n; i++) {
        if (c.labelled.indexOf(i) >= 0) continue;
        unlabelled += 1;
        if (f[i] * c.classes[i] > 0) right += 1;
      }
      c.labelled.forEach(function (i, k) { fit += (f[i] - c.targets[k]) * (f[i] - c.targets[k]); });
      var nodes = points.map(function (p, k) {
        return { x: p[0], y: p[1], f: f[k], kind: c.labelled.indexOf(k) >= 0 ? "labelled" : "unlabelled" };
      });
      var accuracy = right / unlabelled;
      var note = v.neighbors === 0
        ? "No edges: the graph term is 0 whatever α is, and every unlabelled point stays at f = 0 — graph regularisation is off."
        : "Larger α trusts the graph more: labels spread along the moons, but a very large α flattens every value towards 0.";
      return {
        data: { edges: edges, nodes: nodes },
        outputs: { accuracy: accuracy, fit_term: fit, graph_term: graphTerm, edges: count },
        readout: "Diamonds: the two labelled points. " + count + " edges; " + right + " of " + unlabelled + " unlabelled points (" + ctx.fixed(100 * accuracy, 0) +
          " %) get their moon's sign. Fit term " + ctx.format(fit) + ", graph term Σ w(fᵢ − fⱼ)² = " +
          ctx.format(graphTerm) + ". " + note,
      };
    },
  });

  // ------------------------------------------------------------------ adversarial step
  function step(c, epsilon, norm) {
    var z = c.w[0] * c.x[0] + c.w[1] * c.x[1] + c.b;
    var labelLogit = Math.log(c.y) - Math.log1p(-c.y);
    var s = Math.sign(z - labelLogit);
    var l1 = Math.abs(c.w[0]) + Math.abs(c.w[1]);
    var l2 = Math.sqrt(c.w[0] * c.w[0] + c.w[1] * c.w[1]);
    var size = norm === "l2" ? l2 : norm === "infinity" ? l1 : (l1 > 0 ? (l2 * l2) / l1 : 0);
    // the input step: epsilon times the normalised gradient s * w (of the loss: (p - y) w)
    var g = [s * c.w[0], s * c.w[1]];
    var delta;
    if (norm === "infinity") delta = [epsilon * Math.sign(g[0]), epsilon * Math.sign(g[1])];
    else {
      var length = norm === "l2" ? l2 : l1;
      delta = length > 0 ? [epsilon * g[0] / length, epsilon * g[1] / length] : [0, 0];
    }
    return { z: z, moved: z + epsilon * s * size, delta: delta };
  }

  explorers.define("adversarial_step", {
    chart: function (ctx) {
      var c = ctx.constants;
      // equal units on both axes (3 by 3), so the step along w is seen at right angles to the boundary
      var side = ctx.narrow ? ctx.width - 70 : Math.floor((ctx.width - 140) / 2);
      var plane = {
        title: "input plane",
        height: Math.max(120, side),
        layer: [
          { data: { name: "boundary" }, mark: { type: "line", color: INK, strokeDash: [5, 4], clip: true },
            encoding: { x: q("x1", { title: "x₁", scale: { domain: [-0.5, 2.5], nice: false } }),
                        y: q("x2", { title: "x₂", scale: { domain: [-1, 2], nice: false } }) } },
          { data: { name: "arrow" }, mark: { type: "rule", color: PALETTE.model, strokeWidth: 2 },
            encoding: { x: q("x1"), y: q("x2"), x2: { field: "e1" }, y2: { field: "e2" } } },
          { data: { name: "points" }, mark: { type: "point", filled: true, size: 90, clip: true },
            encoding: { x: q("x1"), y: q("x2"),
                        color: { field: "which", type: "nominal", title: null,
                                 scale: { domain: ["x (class 1)", "x + δ"], range: [PALETTE.data, PALETTE.model] },
                                 legend: { orient: "bottom" } } } },
        ],
      };
      var curve = {
        title: "loss at x + δ",
        layer: [
          { data: { name: "curve" }, mark: { type: "line", color: PALETTE.model },
            encoding: { x: q("eps", { title: "ε", scale: { domain: [0, c.eps_max] } }),
                        y: q("loss", { title: "cross-entropy (nats)" }) } },
          { data: { name: "now" }, mark: { type: "point", filled: true, size: 70, color: INK },
            encoding: { x: q("eps"), y: q("loss") } },
        ],
      };
      return ctx.panels([plane, curve], [1, 1]);
    },
    compute: function (v, ctx) {
      var c = ctx.constants;
      var clean = ctx.f.bce(c.y, step(c, 0, v.norm).z);
      var now = step(c, v.epsilon, v.norm);
      var loss = ctx.f.bce(c.y, now.moved);
      var curve = [];
      for (var i = 0; i <= 100; i++) {
        var e = (c.eps_max * i) / 100;
        curve.push({ eps: e, loss: ctx.f.bce(c.y, step(c, e, v.norm).moved) });
      }
      // the decision boundary w·x + b = 0 across the plane
      var boundary = [-0.5, 2.5].map(function (x1) { return { x1: x1, x2: -(c.w[0] * x1 + c.b) / c.w[1] }; });
      var end = [c.x[0] + now.delta[0], c.x[1] + now.delta[1]];
      var p = Math.exp(-loss);
      return {
        data: { boundary: boundary, curve: curve, now: [{ eps: v.epsilon, loss: loss }],
                arrow: [{ x1: c.x[0], x2: c.x[1], e1: end[0], e2: end[1] }],
                points: [{ x1: c.x[0], x2: c.x[1], which: "x (class 1)" }, { x1: end[0], x2: end[1], which: "x + δ" }] },
        outputs: { clean_loss: clean, adversarial_loss: loss, probability: p },
        readout: "ε = " + ctx.fixed(v.epsilon, 2) + ": the logit moves from " + ctx.format(now.z) + " to " +
          ctx.format(now.moved) + "; P(class 1) = " + ctx.format(p) + ", loss " + ctx.format(clean) + " → " +
          ctx.format(loss) + (now.moved < 0 ? ". The step has crossed the boundary: the point is misclassified." : "."),
      };
    },
  });
})(globalThis.lossbookExplorers);
