// Builds test/browser/gallery.tsx (the pane around a scripted demo app) with the production
// settings of webpack.config.js, for screenshots and layout checks at the task pane's width.
//   node node_modules/webpack-cli/bin/cli.js --config test/browser/gallery.webpack.js --output-path DIR
"use strict";

const path = require("node:path");
const base = require("../../webpack.config.js");

module.exports = (env = {}, argv = {}) => {
  const config = base(env, { ...argv, mode: "production" });
  config.entry = { gallery: "./test/browser/gallery.tsx" };
  config.output = { ...config.output, filename: "gallery.js", path: config.output.path };
  // Only the bundle: the test writes its own page and needs no office.js or manifest.
  config.plugins = config.plugins.filter((p) => p.constructor.name === "DefinePlugin");
  config.context = path.resolve(__dirname, "../..");
  return config;
};
