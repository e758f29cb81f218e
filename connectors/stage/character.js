/* The persona as a 2D SVG character: mouth shapes per viseme, eyes and brows from ARKit blendshapes,
 * blinks, and arm/head/body gestures. Pure drawing: stage.js decides what to show and when. */
"use strict";

(function () {
  const NS = "http://www.w3.org/2000/svg";

  // Mouth shape per viseme (Oculus set): open (jaw), width, round (lip pucker), teeth, tongue.
  const MOUTHS = {
    sil: { open: 0.0, width: 0.5, round: 0.0, teeth: 0, tongue: 0 },
    PP: { open: 0.0, width: 0.42, round: 0.1, teeth: 0, tongue: 0 },
    FF: { open: 0.12, width: 0.5, round: 0.0, teeth: 1, tongue: 0 },
    TH: { open: 0.22, width: 0.52, round: 0.0, teeth: 1, tongue: 1 },
    DD: { open: 0.28, width: 0.56, round: 0.0, teeth: 1, tongue: 0 },
    kk: { open: 0.38, width: 0.55, round: 0.0, teeth: 0, tongue: 0 },
    CH: { open: 0.22, width: 0.36, round: 0.55, teeth: 1, tongue: 0 },
    SS: { open: 0.12, width: 0.62, round: 0.0, teeth: 1, tongue: 0 },
    nn: { open: 0.22, width: 0.5, round: 0.0, teeth: 0, tongue: 1 },
    RR: { open: 0.26, width: 0.4, round: 0.45, teeth: 0, tongue: 0 },
    aa: { open: 0.85, width: 0.6, round: 0.0, teeth: 0, tongue: 0 },
    E: { open: 0.5, width: 0.7, round: 0.0, teeth: 1, tongue: 0 },
    ih: { open: 0.32, width: 0.76, round: 0.0, teeth: 1, tongue: 0 },
    oh: { open: 0.62, width: 0.38, round: 0.8, teeth: 0, tongue: 0 },
    ou: { open: 0.34, width: 0.28, round: 1.0, teeth: 0, tongue: 0 },
  };

  // Gesture poses: angles (degrees) of right/left shoulder and elbow, head tilt/nod, body lean.
  // Each gesture eases in, holds (with its own oscillation), and eases out.
  const REST = { rs: 8, re: -6, ls: -8, le: 6, head: 0, nod: 0, lean: 0 };
  const GESTURES = {
    wave: (p, k) => ({ rs: -150 * k, re: -25 + 25 * Math.sin(p * 18), head: 4 * k }),
    cheer: (p, k) => ({ rs: -160 * k, re: -10, ls: 160 * k, le: 10, nod: -4 * k + 3 * Math.sin(p * 20) * k }),
    bow: (p, k) => ({ lean: 14 * k, nod: 10 * k, rs: 20 * k, ls: -20 * k }),
    clap: (p, k) => ({ rs: -55 * k, re: -80 * k - 15 * Math.sin(p * 30), ls: 55 * k, le: 80 * k + 15 * Math.sin(p * 30) }),
    heart: (p, k) => ({ rs: -130 * k, re: -70 * k, ls: 130 * k, le: 70 * k, head: -5 * k }),
    point: (p, k) => ({ rs: -85 * k, re: -5, head: 3 * k }),
    shrug: (p, k) => ({ rs: -30 * k, re: -70 * k, ls: 30 * k, le: 70 * k, head: 8 * k }),
    think: (p, k) => ({ rs: -40 * k, re: -120 * k, head: -6 * k }),
    nod: (p, k) => ({ nod: 9 * k * Math.abs(Math.sin(p * 14)) }),
    head_shake: (p, k) => ({ head: 9 * k * Math.sin(p * 20) }),
    open_palms: (p, k) => ({ rs: -40 * k, re: -45 * k, ls: 40 * k, le: 45 * k }),
    beat: (p, k) => ({ rs: -45 * k, re: -50 * k + 12 * Math.sin(p * 12) }),
  };
  // Names from a knowledge base's gesture catalog drawn with the closest built-in motion.
  const ALIASES = {
    wave_goodbye: "wave", fist_pump: "cheer", dance: "cheer", celebrate: "cheer", thumbs_up: "point",
    point_at_screen: "point", heart_hands: "heart", apologize: "bow", facepalm: "think", explain_hands: "open_palms",
    present_product: "open_palms", count_fingers: "open_palms", surprised: "shrug", head_nod: "nod",
  };
  function gestureFn(name) {
    const key = String(name || "").toLowerCase().replace(/[-\s]+/g, "_");
    return GESTURES[key] || GESTURES[ALIASES[key]] || GESTURES.beat;
  }

  function el(tag, attrs, parent) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (parent) parent.appendChild(e);
    return e;
  }
  const lerp = (a, b, t) => a + (b - a) * t;
  const clamp = (x, lo, hi) => Math.max(lo, Math.min(hi, x));
  const ease = (x) => x * x * (3 - 2 * x);

  class Character {
    constructor(host) {
      const svg = el("svg", { viewBox: "0 0 400 400", role: "img", "aria-label": "the persona" }, host);
      this.svg = svg;
      const body = (this.body = el("g", { id: "body" }, svg));
      // Arms behind the torso.
      this.armR = this._arm(body, 150, 262, "armR");
      this.armL = this._arm(body, 250, 262, "armL");
      el("path", { d: "M120 400 Q125 270 200 255 Q275 270 280 400 Z", fill: "#6a5acd" }, body);
      el("path", { d: "M178 258 L200 290 L222 258 Z", fill: "#f2f2f7" }, body);
      const head = (this.head = el("g", { id: "head" }, body));
      el("rect", { x: 186, y: 215, width: 28, height: 40, rx: 10, fill: "#f1c7a5" }, head);
      el("ellipse", { cx: 200, cy: 150, rx: 82, ry: 92, fill: "#3b2a4d" }, head); // hair back
      el("ellipse", { cx: 200, cy: 160, rx: 68, ry: 78, fill: "#f6d2b4" }, head); // face
      el("path", { d: "M128 140 Q150 70 205 78 Q262 80 274 140 Q240 105 200 110 Q160 108 128 140 Z", fill: "#4a3560" }, head);
      this.cheekL = el("ellipse", { cx: 160, cy: 190, rx: 12, ry: 7, fill: "#ff8fa3", opacity: 0.15 }, head);
      this.cheekR = el("ellipse", { cx: 240, cy: 190, rx: 12, ry: 7, fill: "#ff8fa3", opacity: 0.15 }, head);
      this.eyeL = this._eye(head, 172, 160, "eyeL");
      this.eyeR = this._eye(head, 228, 160, "eyeR");
      this.browL = el("path", { id: "browL", stroke: "#3b2a4d", "stroke-width": 5, "stroke-linecap": "round", fill: "none" }, head);
      this.browR = el("path", { id: "browR", stroke: "#3b2a4d", "stroke-width": 5, "stroke-linecap": "round", fill: "none" }, head);
      el("path", { d: "M198 172 Q194 186 201 188", stroke: "#d9a98a", "stroke-width": 3, fill: "none", "stroke-linecap": "round" }, head);
      const mouth = (this.mouth = el("g", { id: "mouth", "data-viseme": "sil" }, head));
      this.mouthInner = el("path", { fill: "#6b1f2e" }, mouth);
      this.teeth = el("rect", { fill: "#fff", rx: 2 }, mouth);
      this.tongue = el("ellipse", { fill: "#e0677a" }, mouth);
      this.lips = el("path", { id: "lips", fill: "none", stroke: "#c4525f", "stroke-width": 3.5, "stroke-linejoin": "round" }, mouth);
      this.m = { ...MOUTHS.sil };
      this.pose = { ...REST };
      this.look = { x: 0, y: 0, tx: 0, ty: 0, next: 0 };
      this.update({ t: 0, viseme: "sil", weight: 1, blend: {}, gestures: [], breathe: 0 });
    }

    _arm(parent, sx, sy, id) {
      const g = el("g", { id }, parent);
      el("line", { x1: sx, y1: sy, x2: sx, y2: sy + 62, stroke: "#6a5acd", "stroke-width": 22, "stroke-linecap": "round" }, g);
      const fore = el("g", {}, g);
      el("line", { x1: sx, y1: sy + 62, x2: sx, y2: sy + 118, stroke: "#f1c7a5", "stroke-width": 16, "stroke-linecap": "round" }, fore);
      el("circle", { cx: sx, cy: sy + 124, r: 11, fill: "#f1c7a5" }, fore);
      return { g, fore, sx, sy };
    }

    _eye(parent, cx, cy, id) {
      const g = el("g", { id }, parent);
      const white = el("ellipse", { cx, cy, rx: 14, ry: 11, fill: "#fff" }, g);
      const pupil = el("circle", { cx, cy, r: 6.5, fill: "#2b1d3b" }, g);
      const lid = el("rect", { x: cx - 16, y: cy - 13, width: 32, height: 0, fill: "#f6d2b4" }, g);
      return { g, white, pupil, lid, cx, cy };
    }

    /* state: {t (ms, page clock), viseme, weight, blend: {arkit: value}, gestures: [{name, phase 0..1, intensity}]} */
    update(state) {
      const b = state.blend || {};
      const v = (n) => clamp(b[n] || 0, 0, 1);
      // Mouth: ease toward the viseme's shape (weight pulls it from rest), ~50 ms time constant.
      const target = MOUTHS[state.viseme] || MOUTHS.sil;
      const w = clamp(state.weight == null ? 1 : state.weight, 0, 1);
      const k = 0.45;
      for (const key of ["open", "width", "round", "teeth", "tongue"]) {
        const goal = lerp(MOUTHS.sil[key], target[key], w);
        this.m[key] = lerp(this.m[key], goal, k);
      }
      this.mouth.setAttribute("data-viseme", state.viseme);
      const smile = (v("mouthSmileLeft") + v("mouthSmileRight")) / 2;
      const frown = (v("mouthFrownLeft") + v("mouthFrownRight")) / 2;
      const press = (v("mouthPressLeft") + v("mouthPressRight")) / 2;
      const m = this.m;
      const cx = 200, cy = 210;
      const hw = 12 + 20 * m.width - 6 * m.round + 4 * smile;
      const open = Math.max(0, 1.5 + 22 * m.open - 3 * press);
      const corner = -7 * smile + 6 * frown;
      const lx = cx - hw, rx = cx + hw, ly = cy + corner, top = cy - open * 0.35 - 2 * smile;
      const bot = cy + open + 3 * smile;
      const d = `M${lx} ${ly} Q${cx} ${top - 4 * m.round} ${rx} ${ly} Q${cx} ${bot + 4 * m.round} ${lx} ${ly} Z`;
      this.lips.setAttribute("d", d);
      this.mouthInner.setAttribute("d", d);
      this.teeth.setAttribute("x", cx - hw * 0.6);
      this.teeth.setAttribute("y", top - 0.5);
      this.teeth.setAttribute("width", hw * 1.2);
      this.teeth.setAttribute("height", m.teeth * Math.min(5, open * 0.35));
      this.tongue.setAttribute("cx", cx);
      this.tongue.setAttribute("cy", bot - 2);
      this.tongue.setAttribute("rx", hw * 0.45 * (m.tongue + m.open * 0.5));
      this.tongue.setAttribute("ry", Math.min(open * 0.35, 5) * (m.tongue + 0.3));
      // Eyes: blink closes the lid; wide opens the white; squint narrows it; pupils wander a little.
      const t = state.t || 0;
      if (t > this.look.next) {
        this.look.tx = (Math.random() * 2 - 1) * 2.5;
        this.look.ty = (Math.random() * 2 - 1) * 1.5;
        this.look.next = t + 900 + Math.random() * 2200;
      }
      this.look.x = lerp(this.look.x, this.look.tx, 0.2);
      this.look.y = lerp(this.look.y, this.look.ty, 0.2);
      for (const [eye, side] of [[this.eyeL, "Left"], [this.eyeR, "Right"]]) {
        const ry = 11 * (1 + 0.35 * v("eyeWide" + side) - 0.35 * v("eyeSquint" + side));
        eye.white.setAttribute("ry", ry.toFixed(2));
        eye.pupil.setAttribute("cx", (eye.cx + this.look.x).toFixed(2));
        eye.pupil.setAttribute("cy", (eye.cy + this.look.y).toFixed(2));
        const lid = clamp(v("eyeBlink" + side), 0, 1);
        eye.lid.setAttribute("height", (26 * lid).toFixed(2));
        eye.g.setAttribute("data-blink", lid.toFixed(2));
      }
      // Brows: inner up (worry, surprise), outer up (interest), down (anger).
      for (const [brow, side, sign] of [[this.browL, "Left", -1], [this.browR, "Right", 1]]) {
        const inner = 8 * v("browInnerUp") - 7 * v("browDown" + side);
        const outer = 8 * v("browOuterUp" + side) - 3 * v("browDown" + side);
        const xi = 200 + sign * 12, xo = 200 + sign * 46, y = 138;
        brow.setAttribute("d", `M${xi} ${y - inner} Q${(xi + xo) / 2} ${y - 6 - (inner + outer) / 2} ${xo} ${y - outer + 2}`);
      }
      const blush = 0.15 + 0.6 * (v("cheekSquintLeft") + v("cheekSquintRight")) / 2;
      this.cheekL.setAttribute("opacity", blush.toFixed(2));
      this.cheekR.setAttribute("opacity", blush.toFixed(2));
      // Body: gestures blend over the rest pose; idle breathing and sway.
      const goal = { ...REST };
      for (const g of state.gestures || []) {
        const fn = gestureFn(g.name);
        const env = ease(clamp(g.phase / 0.25, 0, 1)) * ease(clamp((1 - g.phase) / 0.3, 0, 1));
        const pose = fn(g.phase, clamp(g.intensity == null ? 1 : g.intensity, 0, 1));
        for (const [key, val] of Object.entries(pose)) goal[key] = lerp(REST[key], val, env);
      }
      for (const key of Object.keys(this.pose)) this.pose[key] = lerp(this.pose[key], goal[key], 0.25);
      const p = this.pose;
      const breathe = Math.sin(t / 700) * 1.2;
      const sway = Math.sin(t / 2300) * 1.5;
      this.body.setAttribute("transform", `rotate(${(p.lean * 0.3 + sway * 0.3).toFixed(2)} 200 400) translate(0 ${breathe.toFixed(2)})`);
      this.head.setAttribute("transform", `rotate(${(p.head + sway).toFixed(2)} 200 240) translate(0 ${(p.nod * 0.8).toFixed(2)})`);
      this._pose(this.armR, p.rs, p.re);
      this._pose(this.armL, p.ls, p.le);
    }

    _pose(arm, shoulder, elbow) {
      arm.g.setAttribute("transform", `rotate(${shoulder.toFixed(2)} ${arm.sx} ${arm.sy})`);
      arm.fore.setAttribute("transform", `rotate(${elbow.toFixed(2)} ${arm.sx} ${arm.sy + 62})`);
    }
  }

  window.Character = Character;
  window.CHARACTER_MOUTHS = MOUTHS;
})();
