/* Explorer programs of chapter 1 (lossbook.widgets.foundations). */
(function (explorers) {
  "use strict";

  var PALETTE = globalThis.lossbookStyle.palette;

  /* Gradient descent on a one-parameter cost: ctx.f.cost, ctx.f.gradient (from SymPy). */
  explorers.define("descent", {
    chart: function (ctx) {
      var c = ctx.constants;
      var names = ["cost J(w)", "tangent: slope J′(w₀)", "descent steps"];
      var key = function (k) {
        return { datum: names[k], type: "nominal", title: null,
                 scale: { domain: names, range: [PALETTE.data, PALETTE.model, PALETTE.step] } };
      };
      var curve = {
        title: "cost J(w) and the descent path",
        layer: [
          { data: { name: "curve" }, mark: { type: "line" },
            encoding: { color: key(0), x: { field: "w", type: "quantitative", title: "parameter w", scale: { domain: c.w_limits } },
                        y: { field: "J", type: "quantitative", title: "cost J(w)", scale: { domain: c.j_limits } } } },
          { data: { name: "tangent" }, mark: { type: "line", strokeDash: [5, 4], clip: true },
            encoding: { color: key(1), x: { field: "w", type: "quantitative" }, y: { field: "J", type: "quantitative" } } },
          { data: { name: "path" }, mark: { type: "line", point: { size: 30 }, clip: true },
            encoding: { color: key(2), x: { field: "w", type: "quantitative" }, y: { field: "J", type: "quantitative" },
                        order: { field: "k" } } },
          { data: { name: "start" }, mark: { type: "point", filled: true, size: 90, color: PALETTE.model, clip: true },
            encoding: { x: { field: "w", type: "quantitative" }, y: { field: "J", type: "quantitative" } } },
        ],
      };
      var history = {
        title: "cost at each step",
        data: { name: "history" },
        mark: { type: "line", color: PALETTE.step, point: { size: 25 } },
        encoding: {
          x: { field: "k", type: "quantitative", title: "step k", axis: { tickMinStep: 1 } },
          y: { field: "J", type: "quantitative", title: "J(wₖ)", scale: { type: "log" },
               axis: { labelExpr: ctx.powerOfTenLabel, grid: true } },
        },
      };
      return ctx.panels([curve, history], [1.3, 1]);
    },
    compute: function (v, ctx) {
      var c = ctx.constants;
      var J = ctx.f.cost, dJ = ctx.f.gradient;
      var iterates = [v.start];
      for (var k = 0; k < v.steps; k++) {
        var w = iterates[k];
        iterates.push(w - v.learning_rate * dJ(w));
      }
      var path = [], history = [];
      for (k = 0; k < iterates.length && Number.isFinite(iterates[k]); k++) {
        var cost = J(iterates[k]);
        if (!Number.isFinite(cost)) break;
        path.push({ k: k, w: iterates[k], J: cost });
        history.push({ k: k, J: Math.max(cost, 1e-300) });
      }
      var curve = [];
      for (var i = 0; i <= 300; i++) {
        var x = c.w_limits[0] + ((c.w_limits[1] - c.w_limits[0]) * i) / 300;
        curve.push({ w: x, J: J(x) });
      }
      var half = 0.18 * (c.w_limits[1] - c.w_limits[0]);
      var j0 = J(v.start), g0 = dJ(v.start);
      var tangent = [v.start - half, v.start + half].map(function (x) { return { w: x, J: j0 + g0 * (x - v.start) }; });
      var last = iterates[iterates.length - 1];
      var eta = v.learning_rate, critical = c.critical;
      var verdict;
      if (eta > critical) verdict = "η &gt; 2/J″ = " + ctx.fixed(critical, 4) + ": every step overshoots further — the descent <b>diverges</b>.";
      else if (eta === critical) verdict = "η = 2/J″: the iterates jump between two points forever — it neither converges nor diverges.";
      else if (eta > critical / 2) verdict = "η between 1/J″ and 2/J″ (" + ctx.fixed(critical / 2, 4) + "–" + ctx.fixed(critical, 4) + "): steps overshoot but shrink — it converges, zig-zagging.";
      else verdict = "η ≤ 1/J″ = " + ctx.fixed(critical / 2, 4) + ": steps approach the minimum from one side.";
      return {
        data: { curve: curve, tangent: tangent, path: path, start: [{ w: v.start, J: j0 }], history: history },
        outputs: { cost_at_start: j0, gradient_at_start: g0, last: last },
        readout: "J(w₀) = " + ctx.format(j0) + ", gradient J′(w₀) = " + ctx.format(g0) + "; after " + v.steps +
          " steps w = " + ctx.format(last, 6) + " (minimum at " + ctx.format(c.minimiser, 6) + "). " + verdict,
      };
    },
  });
})(globalThis.lossbookExplorers);
