/**
 * jest-environment-jsdom plus what jsdom lacks and the pane's code may touch:
 * Node's fetch family, text codecs, streams and structuredClone (toolchain notes §2),
 * and the browser APIs Fluent UI probes (matchMedia, ResizeObserver, scrollIntoView).
 * Use with the docblock  @jest-environment ./test/jsdom-env.js  (resolved from the rootDir).
 */
"use strict";

const { TestEnvironment } = require("jest-environment-jsdom");

const FROM_NODE = [
  "fetch",
  "Request",
  "Response",
  "Headers",
  "FormData",
  "TextEncoder",
  "TextDecoder",
  "ReadableStream",
  "WritableStream",
  "TransformStream",
  "structuredClone",
];

class ImsJsdomEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    const g = this.global;
    for (const key of FROM_NODE) {
      if (typeof g[key] === "undefined" && typeof globalThis[key] !== "undefined") g[key] = globalThis[key];
    }
    if (typeof g.matchMedia !== "function") {
      g.matchMedia = (query) => ({
        matches: false,
        media: String(query),
        onchange: null,
        addListener() {},
        removeListener() {},
        addEventListener() {},
        removeEventListener() {},
        dispatchEvent() {
          return false;
        },
      });
    }
    if (typeof g.ResizeObserver === "undefined") {
      g.ResizeObserver = class ResizeObserver {
        observe() {}
        unobserve() {}
        disconnect() {}
      };
    }
    if (g.Element && typeof g.Element.prototype.scrollIntoView !== "function") {
      g.Element.prototype.scrollIntoView = function scrollIntoView() {};
    }
  }
}

module.exports = ImsJsdomEnvironment;
module.exports.TestEnvironment = ImsJsdomEnvironment;
