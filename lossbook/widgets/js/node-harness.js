/*
 * Runs explorer programs and generated formulas under Node.js, without a browser or Vega:
 * used by lossbook's tests to compare what the browser computes with lossbook itself.
 *
 *   node node-harness.js < request.json > response.json
 *
 * request:  {"style": "globalThis.lossbookStyle = ...",  (lossbook.widgets._assets.style_script)
 *            "explorers": [{"spec": {...}, "cases": [{control: value, ...}, ...]}],
 *            "functions": [{"function": {"args": [...], "body": "..."}, "inputs": [[...], ...]}]}
 * response: {"explorers": [[outputs, ...]], "functions": [[value, ...]]}   (non-finite numbers as strings)
 */
"use strict";
const path = require("path");
const fs = require("fs");
const here = __dirname;
const request = JSON.parse(fs.readFileSync(0, "utf8"));
// The style script (palette, colours and short names of the losses) comes from Python, as in the pages.
new Function(request.style)();
for (const name of ["runtime.js", "foundations.js", "regression.js", "classification.js", "embedding.js", "adversarial.js", "structure.js"]) {
  require(path.join(here, name));
}
const explorers = globalThis.lossbookExplorers;

function encode(value) {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value)) out[key] = encode(value[key]);
    return out;
  }
  return value;
}

const response = { explorers: [], functions: [] };
for (const { spec, cases } of request.explorers || []) {
  const program = explorers.programs[spec.program];
  if (!program) throw new Error("no program " + spec.program);
  const ctx = {
    spec, f: explorers.compileFunctions(spec.functions), constants: spec.constants || {},
    format: explorers.formatNumber, signed: explorers.formatSigned, fixed: explorers.formatFixed,
    escape: (s) => String(s), width: 800, narrow: false,
  };
  if (program.setup) program.setup(ctx);
  response.explorers.push(cases.map((values) => encode(program.compute(values, ctx).outputs)));
}
for (const { function: f, inputs } of request.functions || []) {
  const compiled = explorers.compileFunctions({ f }).f;
  const numbers = (args) => args.map((a) => (typeof a === "string" ? Number(a) : a));  // "Infinity", "NaN"
  response.functions.push(inputs.map((args) => encode(compiled(...numbers(args)))));
}
process.stdout.write(JSON.stringify(response));
