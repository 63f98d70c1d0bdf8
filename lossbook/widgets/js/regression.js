/* Explorer programs of the regression chapters (lossbook.widgets.regression). */
(function (explorers) {
  "use strict";

  var DATA = "#1f77b4", MODEL = "#d62728", GREY = "#7f7f7f", STEP = "#ff7f0e";

  /* One age, its prediction: the error, its absolute value and its square (ctx.f.mae, ctx.f.mse). */
  explorers.define("age_error", {
    chart: function (ctx) {
      var c = ctx.constants;
      var x = { field: "age", type: "quantitative", scale: { domain: c.ages } };
      var level = { datum: 0, type: "quantitative", scale: { domain: [-1, 1] }, axis: null };
      var line = {
        title: "one sample",
        layer: [
          { data: { name: "gap" }, mark: { type: "rule", color: STEP, strokeWidth: 5, opacity: 0.8 },
            encoding: { x: Object.assign({ title: "age (years)" }, x), x2: { field: "age2" }, y: level } },
          { data: { name: "points" }, mark: { type: "point", filled: true, size: 140 },
            encoding: { x: x, y: level,
                        color: { field: "what", type: "nominal", title: null,
                                 scale: { domain: ["true age y", "predicted age ŷ"], range: [DATA, MODEL] } },
                        shape: { field: "what", type: "nominal", scale: { range: ["circle", "square"] }, legend: null } } },
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
                        color: { field: "what", type: "nominal", title: null,
                                 scale: { domain: c.curve_names, range: [GREY, DATA, MODEL] } },
                        strokeDash: { field: "what", type: "nominal", legend: null,
                                      scale: { domain: c.curve_names, range: [[1, 0], [1, 0], [6, 4]] } } } },
          { data: { name: "markers" }, mark: { type: "point", filled: true, size: 70 },
            encoding: { x: { field: "age", type: "quantitative" }, y: { field: "value", type: "quantitative" },
                        color: { field: "what", type: "nominal", legend: null } } },
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
          points: [{ age: y, what: "true age y" }, { age: p, what: "predicted age ŷ" }],
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
})(globalThis.lossbookExplorers);
