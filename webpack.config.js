// Webpack config for the IMS for Excel task pane.
//
//   npx webpack --mode production              -> dist/ (CDN office.js)
//   OFFICE_JS=local npx webpack --mode ...     -> page loads office-js/office.js from the build
//   node node_modules/webpack-cli/bin/cli.js serve --mode development
//                                              -> https://localhost:3000 (127.0.0.1 only)
//
// Environment:
//   OFFICE_JS=local          load the copied office.js (offline browser tests) instead of the CDN
//   SANDBOX_URL=...          IMS server the task pane talks to (default http://127.0.0.1:4010)
//   DEV_SERVER_PORT=...      dev-server port (default 3000; manifest.xml assumes 3000)
//   OFFICE_ADDIN_DEV_CERTS_DIR=...  folder with localhost.key/localhost.crt/ca.crt
//                            (default ~/.office-addin-dev-certs, written by office-addin-dev-certs)
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const webpack = require("webpack");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const OFFICE_JS_LOCAL = "office-js/office.js";
const DEFAULT_SANDBOX_URL = "http://127.0.0.1:4010";
const DEV_HOST = "127.0.0.1";
const DEFAULT_DEV_PORT = 3000;

const officeJsDist = path.dirname(require.resolve("@microsoft/office-js/dist/office.js"));

function devCertsDir() {
  return process.env.OFFICE_ADDIN_DEV_CERTS_DIR || path.join(os.homedir(), ".office-addin-dev-certs");
}

/** The office-addin-dev-certs files, or null when any of them is missing. */
function devCerts() {
  const dir = devCertsDir();
  const files = {
    key: path.join(dir, "localhost.key"),
    cert: path.join(dir, "localhost.crt"),
    ca: path.join(dir, "ca.crt"),
  };
  if (!Object.values(files).every((f) => fs.existsSync(f))) return null;
  return {
    dir,
    key: fs.readFileSync(files.key),
    cert: fs.readFileSync(files.cert),
    ca: fs.readFileSync(files.ca),
  };
}

function devServerConfig() {
  const port = Number(process.env.DEV_SERVER_PORT || DEFAULT_DEV_PORT);
  const certs = devCerts();
  if (!certs) {
    console.warn(
      [
        "",
        `WARNING: no dev certificates found in ${devCertsDir()} (localhost.key, localhost.crt, ca.crt).`,
        `The dev server will use plain http://localhost:${port}. Excel needs https to load the add-in.`,
        "Create and trust the certificates with:  npx office-addin-dev-certs install",
        "(the office-addin-dev-certs package is not a project dependency; npx fetches it).",
        "",
      ].join("\n"),
    );
  }
  return {
    host: DEV_HOST, // loopback only, never all interfaces
    port,
    allowedHosts: ["localhost", "127.0.0.1"],
    headers: { "Access-Control-Allow-Origin": "*" },
    server: certs
      ? { type: "https", options: { key: certs.key, cert: certs.cert, ca: certs.ca } }
      : { type: "http" },
    static: false, // everything comes from the compilation (incl. copied assets)
    hot: true,
    open: false,
    client: { overlay: { warnings: false, errors: true } },
  };
}

/**
 * @param {Record<string, unknown>} env  webpack-cli sets env.WEBPACK_SERVE for `serve`
 * @param {{ mode?: "production" | "development" | "none" }} argv
 * @returns {import("webpack").Configuration & { devServer?: Record<string, unknown> }}
 */
module.exports = (env = {}, argv = {}) => {
  const mode = argv.mode || process.env.NODE_ENV || "production";
  const isDev = mode === "development";
  const officeJsUrl = process.env.OFFICE_JS === "local" ? OFFICE_JS_LOCAL : OFFICE_JS_CDN;
  const sandboxUrl = process.env.SANDBOX_URL || DEFAULT_SANDBOX_URL;

  /** @type {import("webpack").Configuration & { devServer?: Record<string, unknown> }} */
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
      new webpack.DefinePlugin({ __SANDBOX_URL__: JSON.stringify(sandboxUrl) }),
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

  // Only build the dev-server settings (and print the certificate warning) when serving.
  if (env.WEBPACK_SERVE) config.devServer = devServerConfig();
  return config;
};
