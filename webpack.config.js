// Webpack config for the IMS for Excel task pane.
//
//   npx webpack --mode production              -> dist/ (CDN office.js); `npm run serve` serves it
//   OFFICE_JS=local npx webpack --mode ...     -> page loads office-js/office.js from the build
//   npm start                                  -> src/server/dev.ts compiles this config in memory
//                                                 (webpack-dev-middleware) and serves it with /api
//
// The pane talks to the add-in server that served it (its /api, same origin): nothing about the
// IMS API, and no credential, is baked into the bundle.
//
// Environment:
//   OFFICE_JS=local          load the copied office.js (offline browser tests) instead of the CDN
"use strict";

const path = require("node:path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const OFFICE_JS_LOCAL = "office-js/office.js";
const officeJsDist = path.dirname(require.resolve("@microsoft/office-js/dist/office.js"));

/**
 * @param {Record<string, unknown>} _env
 * @param {{ mode?: "production" | "development" | "none" }} argv
 * @returns {import("webpack").Configuration}
 */
module.exports = (_env = {}, argv = {}) => {
  const mode = argv.mode || process.env.NODE_ENV || "production";
  const isDev = mode === "development";
  const officeJsUrl = process.env.OFFICE_JS === "local" ? OFFICE_JS_LOCAL : OFFICE_JS_CDN;

  /** @type {import("webpack").Configuration} */
  const config = {
    mode,
    context: __dirname,
    entry: { taskpane: "./src/taskpane/index.tsx" },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].[contenthash].js",
      clean: true,
    },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: {
              transpileOnly: true, // type-checking is `npm run typecheck`
              compilerOptions: { noEmit: false },
            },
          },
        },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({
        template: "./src/taskpane/taskpane.html",
        filename: "taskpane.html",
        chunks: ["taskpane"],
        templateParameters: { officeJsUrl },
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets", to: "assets" },
          { from: "manifest.xml", to: "manifest.xml" },
          // Microsoft's files, copied untouched (no re-minification) for OFFICE_JS=local.
          { from: path.join(officeJsDist, "office.js"), to: "office-js/office.js", info: { minimized: true } },
          {
            from: path.join(officeJsDist, "o15apptofilemappingtable.js"),
            to: "office-js/o15apptofilemappingtable.js",
            info: { minimized: true },
          },
          {
            from: path.join(officeJsDist, "en-us", "office_strings.js"),
            to: "office-js/en-us/office_strings.js",
            info: { minimized: true },
          },
        ],
      }),
    ],
    performance: { hints: false },
    devtool: isDev ? "source-map" : false,
  };

  return config;
};
