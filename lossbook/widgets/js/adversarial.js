/* Explorer programs of the adversarial (GAN) chapter (lossbook.widgets.adversarial).
 *
 * The generator losses, their derivatives and the sigmoid are functions in ctx.f printed from
 * SymPy (lossbook.symbolic.adversarial); the 1-D GAN's training path is lossbook's
 * (lossbook.gan1d), passed as data. This file only samples, arranges and labels.
 */
(function (explorers) {
  "use strict";

  var STYLE = globalThis.lossbookStyle, PALETTE = STYLE.palette, INK = PALETTE.ink;
  var NOW = { type: "point", filled: true, size: 70, clip: true };

  var q = explorers.quantitative, grid = explorers.grid;

  // ------------------------------------------------------------------ generator losses
  explorers.define("generator_losses", {
    chart: function (ctx) {
      var c = ctx.constants;
      var colors = c.losses.map(function (name) { return STYLE.losses[name].color; });
      var color = { field: "loss", type: "nominal", title: null, scale: { domain: c.names, range: colors },
                    legend: { orient: "bottom", columns: ctx.narrow ? 2 : 4 } };
      var x = q("f", { title: "discriminator's logit D(G(z)) on a generated sample", scale: { domain: [-c.score_max, c.score_max] } });
      function panel(title, field, domain, legend) {
        return {
          title: title,
          layer: [
            { data: { values: [{}] }, mark: { type: "rule", color: PALETTE.neutral, strokeDash: [4, 4] },
              encoding: { y: { datum: 0, type: "quantitative" } } },
            { data: { name: "curves" }, mark: { type: "line", clip: true },
              encoding: { x: x, y: q(field, { title: title, scale: { domain: domain } }),
                          color: legend ? color : Object.assign({}, color, { legend: null }) } },
            { data: { name: "now" }, mark: NOW,
              encoding: { x: q("f"), y: q(field), color: Object.assign({}, color, { legend: null }) } },
            { data: { name: "now_f" }, mark: { type: "rule", color: INK, strokeDash: [2, 3] },
              encoding: { x: q("f") } },
          ],
        };
      }
      return ctx.panels([panel("generator loss", "value", [-8, 10], true),
                         panel("slope ∂loss/∂D(G(z))", "slope", [-3, 1], false)]);
    },
    compute: function (v, ctx) {
      var c = ctx.constants;
      var curves = [], now = [], outputs = {}, parts = [];
      var p = ctx.f.sigmoid(v.fake_score);
      outputs.probability = p;
      c.losses.forEach(function (name, k) {
        if (v.chosen.indexOf(name) < 0) return;
        var loss = ctx.f[name], slope = ctx.f[name + "_gradient"];
        grid(-c.score_max, c.score_max, 160).forEach(function (f) {
          curves.push({ f: f, value: loss(f), slope: slope(f), loss: c.names[k] });
        });
        var value = loss(v.fake_score), gradient = slope(v.fake_score);
        now.push({ f: v.fake_score, value: value, slope: gradient, loss: c.names[k] });
        outputs["loss_" + name] = value;
        outputs["gradient_" + name] = gradient;
        parts.push("<b>" + ctx.escape(c.names[k]) + "</b>: loss " + ctx.format(value) + ", slope " + ctx.format(gradient));
      });
      var verdict = p < 0.1 ? "the discriminator is sure the sample is fake — where training starts"
        : p > 0.9 ? "the discriminator is fooled" : "the discriminator is unsure";
      var saturation = "";
      if (outputs.gradient_minimax_generator_loss !== undefined && outputs.gradient_non_saturating_generator_loss !== undefined) {
        saturation = " The saturating loss's slope is " +
          ctx.format(outputs.gradient_minimax_generator_loss / outputs.gradient_non_saturating_generator_loss) +
          " times the non-saturating one's.";
      }
      return {
        data: { curves: curves, now: now, now_f: [{ f: v.fake_score }] },
        outputs: outputs,
        readout: "D(G(z)) = σ(" + ctx.format(v.fake_score) + ") = " + ctx.format(p) + ": " + verdict + ". " +
          (parts.length ? parts.join("; ") + "." : "Choose a loss.") + saturation,
      };
    },
  });

  // ------------------------------------------------------------------ a 1-D GAN
  explorers.define("gan_training", {
    chart: function (ctx) {
      var c = ctx.constants;
      var names = ["real data", "generated data", "D(x): P(real)"];
      var color = { field: "curve", type: "nominal", title: null,
                    scale: { domain: names, range: [PALETTE.data, PALETTE.model, INK] }, legend: { orient: "bottom" } };
      var densities = {
        title: "densities and the discriminator",
        layer: [
          { data: { name: "curves" }, mark: { type: "line", clip: true },
            encoding: { x: q("x", { title: "x", scale: { domain: c.x_limits } }),
                        y: q("y", { title: "density / probability", scale: { domain: [0, 1] } }),
                        color: color, strokeDash: { field: "curve", type: "nominal", legend: null,
                                                    scale: { domain: names, range: [[1, 0], [1, 0], [5, 3]] } } } },
        ],
      };
      var path = {
        title: "generator's mean μ by step",
        layer: [
          { data: { values: [{}] }, mark: { type: "rule", color: PALETTE.data, strokeDash: [4, 4] },
            encoding: { y: { datum: c.real_mean, type: "quantitative" } } },
          { data: { name: "path" }, mark: { type: "line", color: PALETTE.model },
            encoding: { x: q("k", { title: "training step" }), y: q("mu", { title: "μ", scale: { domain: [-4, 4] } }) } },
          { data: { name: "now" }, mark: Object.assign({ color: INK }, NOW), encoding: { x: q("k"), y: q("mu") } },
        ],
      };
      return ctx.panels([densities, path], [1.2, 1]);
    },
    compute: function (v, ctx) {
      var c = ctx.constants;
      var run = c.paths[v.loss], row = run[v.step];
      var mu = row[0], b = row[1], cc = row[2];
      var s = c.spread, norm = 1 / (s * Math.sqrt(2 * Math.PI));
      var curves = [];
      grid(c.x_limits[0], c.x_limits[1], 200).forEach(function (x) {
        var r = (x - c.real_mean) / s, g = (x - mu) / s;
        curves.push({ x: x, y: norm * Math.exp(-0.5 * r * r), curve: "real data" });
        curves.push({ x: x, y: norm * Math.exp(-0.5 * g * g), curve: "generated data" });
        curves.push({ x: x, y: ctx.f.sigmoid(b * x + cc), curve: "D(x): P(real)" });
      });
      var path = run.map(function (r, k) { return { k: k, mu: r[0] }; });
      var d = ctx.f.sigmoid(b * mu + cc);
      return {
        data: { curves: curves, path: path, now: [{ k: v.step, mu: mu }] },
        outputs: { mu: mu, b: b, c: cc, d_at_fake_mean: d },
        readout: "Step " + v.step + ": the generator's mean is μ = " + ctx.format(mu) + " (the data's is " +
          ctx.format(c.real_mean) + "); the discriminator's logit is " + ctx.format(b) + "·x " +
          (cc < 0 ? "− " : "+ ") + ctx.format(Math.abs(cc)) + ", so D(μ) = " + ctx.format(d) + ".",
      };
    },
  });
})(globalThis.lossbookExplorers);
