/* Chooses the stage's avatar. The VRM avatar is used when the page asks for it (?avatar=vrm, ?vrm=URL, or
 * <body data-avatar="vrm"> as the overlay does; ?avatar=svg forces the SVG) and the browser can draw it;
 * otherwise the SVG character stays: no WebGL, or the vendored three.js files missing (make stage-vendor),
 * or a model that does not load. window.stageAvatar tells which one is on and why. */
"use strict";

(function () {
  const params = new URLSearchParams(location.search);
  const asked = params.get("avatar") || (params.get("vrm") ? "vrm" : document.body.dataset.avatar || "svg");
  const status = (window.stageAvatar = { kind: "svg", reason: "asked for the SVG avatar", url: null });
  if (asked !== "vrm") return;
  const here = new URL(".", document.currentScript.src);
  const vendor = new URL("../vendor/", here);
  const map = document.createElement("script");
  map.type = "importmap";
  map.textContent = JSON.stringify({
    imports: {
      three: new URL("three/build/three.module.min.js", vendor).href,
      "three/addons/": new URL("three/examples/jsm/", vendor).href,
      "@pixiv/three-vrm": new URL("three-vrm/three-vrm.module.min.js", vendor).href,
    },
  });
  document.head.appendChild(map);

  function webgl() {
    try {
      const c = document.createElement("canvas");
      return !!(c.getContext("webgl2") || c.getContext("webgl"));
    } catch (e) {
      return false;
    }
  }
  if (!webgl()) {
    status.reason = "no WebGL in this browser: the SVG avatar stays";
    console.warn("persona stage:", status.reason);
    return;
  }
  const url = new URL(params.get("vrm") || "persona.vrm", here).href;
  status.reason = "loading " + url;
  status.url = url;
  import(new URL("avatar-vrm.js", here).href)
    .then((m) => m.mount(url))
    .then((character) => {
      status.kind = "vrm";
      status.reason = "loaded " + url;
      // ?clips=URL: gesture clips in the catalog's humanoid-v1 format (one, a list, or {name: clip}).
      const clips = params.get("clips");
      if (clips) {
        character.loadClips(new URL(clips, location.href).href).catch((e) => {
          console.warn("persona stage: gesture clips not loaded:", e && e.message ? e.message : e);
        });
      }
    })
    .catch((e) => {
      status.reason = `the VRM avatar did not load (${e && e.message ? e.message : e}); the SVG avatar stays`;
      console.warn("persona stage:", status.reason);
    });
})();
