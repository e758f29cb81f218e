/* The persona as a VRM model (three.js + @pixiv/three-vrm), with the same interface as the SVG Character:
 * update(state) once a frame. Visemes -> VRM expressions aa ih ou ee oh, keyed on the utterance's audio
 * clock (each viseme peaks at its own time and blends linearly into the next); the ARKit expression keys
 * (already on the audio clock, the emotion's pose scaled by its intensity) -> happy angry sad relaxed
 * surprised and blinks; a wandering look-at target; gestures as small rotations of the humanoid bones,
 * named as in agent/expression/gestures.py's catalog. Loaded by boot.js, which keeps the SVG on failure. */
import * as THREE from "three";
import { GLTFLoader } from "three/addons/loaders/GLTFLoader.js";
import { VRMLoaderPlugin, VRMUtils } from "@pixiv/three-vrm";

const MOUTH = ["aa", "ih", "ou", "ee", "oh"];
const EMOTIONS = ["happy", "angry", "sad", "relaxed", "surprised"];

// Oculus viseme -> weights of the five VRM mouth shapes.
export const VISEME_SHAPES = {
  sil: {}, PP: {}, FF: { ih: 0.2 }, TH: { ih: 0.3, aa: 0.1 }, DD: { ih: 0.3, aa: 0.2 },
  kk: { aa: 0.4, ih: 0.2 }, CH: { ou: 0.4, ih: 0.3 }, SS: { ih: 0.5 }, nn: { aa: 0.2, ih: 0.2 },
  RR: { ou: 0.5, oh: 0.2 }, aa: { aa: 1 }, E: { ee: 1 }, ih: { ih: 1 }, oh: { oh: 1 }, ou: { ou: 1 },
};

const D = Math.PI / 180;
// Gestures: (phase 0..1, k intensity) -> bone angles in degrees (arm elevation 0 = down, 90 = sideways,
// 180 = up; elbow bend forward; head yaw/tilt/nod; spine lean forward).
const REST = { rArm: 12, rElbow: 8, lArm: 12, lElbow: 8, yaw: 0, tilt: 0, nod: 0, lean: 0 };
const GESTURES = {
  wave: (p, k) => ({ rArm: 150 * k, rElbow: 30 + 25 * Math.sin(p * 18), tilt: 4 * k }),
  cheer: (p, k) => ({ rArm: 160 * k, lArm: 160 * k, nod: (-4 + 3 * Math.sin(p * 20)) * k }),
  bow: (p, k) => ({ lean: 22 * k, nod: 12 * k }),
  clap: (p, k) => ({ rArm: 40 * k, lArm: 40 * k, rElbow: (80 + 15 * Math.sin(p * 30)) * k, lElbow: (80 + 15 * Math.sin(p * 30)) * k }),
  heart: (p, k) => ({ rArm: 130 * k, lArm: 130 * k, rElbow: 70 * k, lElbow: 70 * k, tilt: -5 * k }),
  point: (p, k) => ({ rArm: 80 * k, rElbow: 60 * k, yaw: 6 * k }),
  shrug: (p, k) => ({ rArm: 30 * k, lArm: 30 * k, rElbow: 70 * k, lElbow: 70 * k, tilt: 8 * k }),
  think: (p, k) => ({ rArm: 35 * k, rElbow: 130 * k, tilt: -6 * k, nod: 4 * k }),
  nod: (p, k) => ({ nod: 12 * k * Math.abs(Math.sin(p * 14)) }),
  head_shake: (p, k) => ({ yaw: 14 * k * Math.sin(p * 20) }),
  open_palms: (p, k) => ({ rArm: 35 * k, lArm: 35 * k, rElbow: 50 * k, lElbow: 50 * k }),
  beat: (p, k) => ({ rArm: 30 * k, rElbow: (55 + 12 * Math.sin(p * 12)) * k }),
};
const ALIASES = {
  wave_goodbye: "wave", fist_pump: "cheer", dance: "cheer", celebrate: "cheer", thumbs_up: "point",
  point_at_screen: "point", heart_hands: "heart", apologize: "bow", facepalm: "think", explain_hands: "open_palms",
  present_product: "open_palms", count_fingers: "open_palms", surprised: "shrug", head_nod: "nod",
};
export function gestureFn(name) {
  const key = String(name || "").toLowerCase().replace(/[-\s]+/g, "_");
  return GESTURES[key] || GESTURES[ALIASES[key]] || GESTURES.beat;
}

// Keyframe clips in the gesture catalog's format ("skeleton": "humanoid-v1": keyframes of bone -> Euler
// degrees [x, y, z], added to the rest pose) play on these VRM humanoid bones.
const CLIP_BONES = {
  spine: "spine", chest: "chest", neck: "neck", head: "head",
  left_upper_arm: "leftUpperArm", right_upper_arm: "rightUpperArm",
  left_forearm: "leftLowerArm", right_forearm: "rightLowerArm", left_hand: "leftHand", right_hand: "rightHand",
};
const clipKey = (name) => String(name || "").toLowerCase().replace(/[-\s]+/g, "_");

/* A humanoid-v1 clip's pose at phase 0..1: {vrmBone: [x, y, z] degrees}, linear between keyframes. */
export function clipPose(clip, phase) {
  const keys = clip.keyframes || [];
  const out = {};
  if (!keys.length) return out;
  const t = clamp(phase, 0, 1) * (clip.duration_ms || keys[keys.length - 1].t_ms || 1);
  let i = 0;
  while (i + 1 < keys.length && keys[i + 1].t_ms <= t) i++;
  const k0 = keys[i], k1 = keys[Math.min(i + 1, keys.length - 1)];
  const a = k1 === k0 ? 0 : clamp((t - k0.t_ms) / Math.max(1, k1.t_ms - k0.t_ms), 0, 1);
  for (const [bone, v0] of Object.entries(k0.pose || {})) {
    const name = CLIP_BONES[bone];
    if (!name) continue;
    const v1 = (k1.pose || {})[bone] || v0;
    out[name] = [0, 1, 2].map((j) => (v0[j] || 0) + ((v1[j] || 0) - (v0[j] || 0)) * a);
  }
  return out;
}

const clamp = (x, lo, hi) => Math.max(lo, Math.min(hi, x));
const lerp = (a, b, t) => a + (b - a) * t;
const ease = (x) => x * x * (3 - 2 * x);

/* The five mouth weights at tms (ms on the utterance's audio clock): linear keys, one per viseme. */
export function mouthAt(visemes, tms) {
  const out = { aa: 0, ih: 0, ou: 0, ee: 0, oh: 0 };
  if (!visemes || !visemes.length || tms == null) return out;
  let i = -1;
  while (i + 1 < visemes.length && visemes[i + 1].t_ms <= tms) i++;
  const add = (v, k) => {
    const shape = VISEME_SHAPES[v.viseme] || {};
    const w = v.weight == null ? 1 : v.weight;
    for (const [name, x] of Object.entries(shape)) out[name] += x * w * k;
  };
  if (i < 0) {
    // Before the first viseme: ease in over at most 80 ms.
    const a = clamp(1 - (visemes[0].t_ms - tms) / 80, 0, 1);
    add(visemes[0], a);
  } else if (i === visemes.length - 1) {
    add(visemes[i], clamp(1 - (tms - visemes[i].t_ms) / 120, 0, 1));
  } else {
    const t0 = visemes[i].t_ms, t1 = visemes[i + 1].t_ms;
    const a = clamp((tms - t0) / Math.max(1, t1 - t0), 0, 1);
    add(visemes[i], 1 - a);
    add(visemes[i + 1], a);
  }
  for (const k of MOUTH) out[k] = clamp(out[k], 0, 1);
  return out;
}

/* VRM emotions from the ARKit keys the stage already evaluates on the audio clock. */
export function emotionsFrom(blend) {
  const v = (n) => clamp(blend[n] || 0, 0, 1);
  const both = (n) => (v(n + "Left") + v(n + "Right")) / 2;
  const smile = both("mouthSmile"), frown = both("mouthFrown"), down = both("browDown");
  const wide = both("eyeWide"), inner = v("browInnerUp");
  const happy = clamp(smile / 0.7, 0, 1);
  const angry = clamp(down / 0.8, 0, 1);
  const sad = clamp((frown / 0.55) * 0.6 + (inner / 0.7) * 0.4 - angry, 0, 1);
  const surprised = clamp(wide / 0.8, 0, 1) * (1 - sad);
  const relaxed = clamp(smile / 0.2, 0, 1) * (1 - happy) * 0.6;
  return { happy, angry, sad, relaxed, surprised };
}

/* Plain glTF materials (MeshStandardMaterial: the default avatar's, never a VRM model's MToon) drawn as
 * Lambert: the same diffuse colours, textures and emission without the PBR specular term. In headless
 * chromium's software WebGL (SwiftShader) one frame of the default avatar at 480x640 took 11.1 ms to draw as
 * PBR and 8.7 ms as Lambert (the shading is per covered pixel). ?shading=pbr keeps the glTF materials.
 * A material an expression binds (material colour / texture transform) stays as it is. */
export function lambertMaterials(root, keep = new Set()) {
  const made = new Map(); // one Lambert material for each material replaced, shared as the original was
  root.traverse((obj) => {
    if (!obj.isMesh) return;
    const one = (m) => {
      if (!m || !m.isMeshStandardMaterial || m.metalness > 0.2 || keep.has(m)) return m;
      if (made.has(m)) return made.get(m);
      const lam = new THREE.MeshLambertMaterial({
        name: m.name, color: m.color, map: m.map, emissive: m.emissive, emissiveMap: m.emissiveMap,
        emissiveIntensity: m.emissiveIntensity, normalMap: m.normalMap, alphaMap: m.alphaMap,
        transparent: m.transparent, opacity: m.opacity, alphaTest: m.alphaTest, side: m.side,
        vertexColors: m.vertexColors, depthWrite: m.depthWrite,
      });
      made.set(m, lam);
      return lam;
    };
    obj.material = Array.isArray(obj.material) ? obj.material.map(one) : one(obj.material);
  });
  for (const m of made.keys()) m.dispose();
  return made.size;
}

export class VrmCharacter {
  static async create(host, url, options = {}) {
    const loader = new GLTFLoader();
    loader.register((parser) => new VRMLoaderPlugin(parser));
    const gltf = await loader.loadAsync(url);
    const vrm = gltf.userData.vrm;
    if (!vrm) throw new Error(`${url} is a glTF file without a VRM extension`);
    VRMUtils.removeUnnecessaryVertices(gltf.scene);
    if (VRMUtils.combineSkeletons) VRMUtils.combineSkeletons(gltf.scene); // fewer bone textures on VRoid models
    VRMUtils.rotateVRM0(vrm); // a VRM 0.x model faces -Z; turn it to face the camera like 1.0
    const bound = new Set();
    for (const e of vrm.expressionManager ? vrm.expressionManager.expressions : []) {
      for (const b of e.binds || []) if (b.material) bound.add(b.material);
    }
    const swapped = options.shading === "pbr" ? 0 : lambertMaterials(vrm.scene, bound);
    const character = new VrmCharacter(host, vrm, url);
    character.lambertMaterials = swapped;
    return character;
  }

  constructor(host, vrm, url) {
    this.host = host;
    this.vrm = vrm;
    this.url = url;
    this.kind = "vrm";
    const w = Math.max(1, host.clientWidth || 400), h = Math.max(1, host.clientHeight || 400);
    // No antialiasing, no stencil, pixel ratio 1: the canvas is drawn at the overlay's own size.
    const renderer = (this.renderer = new THREE.WebGLRenderer({ alpha: true, antialias: false, stencil: false }));
    renderer.setPixelRatio(1);
    renderer.setSize(w, h);
    renderer.setClearColor(0x000000, 0);
    renderer.domElement.id = "vrm-canvas";
    renderer.domElement.style.width = "100%";
    renderer.domElement.style.height = "100%";
    const scene = (this.scene = new THREE.Scene());
    scene.add(new THREE.HemisphereLight(0xffffff, 0x444466, 1.6));
    const sun = new THREE.DirectionalLight(0xffffff, 1.8);
    sun.position.set(0.5, 1.5, 2);
    scene.add(sun);
    scene.add(vrm.scene);
    // Frame the upper body: from the hips to above the head, whatever the model's height.
    const head = vrm.humanoid.getNormalizedBoneNode("head");
    vrm.scene.updateMatrixWorld(true);
    const headY = head ? head.getWorldPosition(new THREE.Vector3()).y : 1.4;
    const cam = (this.camera = new THREE.PerspectiveCamera(28, w / h, 0.05, 20));
    cam.position.set(0, headY * 0.95, headY * 1.35);
    cam.lookAt(0, headY * 0.92, 0);
    this.lookTarget = new THREE.Object3D();
    cam.add(this.lookTarget);
    scene.add(cam);
    if (vrm.lookAt) vrm.lookAt.target = this.lookTarget;
    this.look = { x: 0, y: 0, tx: 0, ty: 0, next: 0 };
    this.pose = { ...REST };
    this.clips = {}; // name -> humanoid-v1 clip (addClip / loadClips)
    this.extra = {}; // bone -> [x, y, z] radians from clips this frame
    this.last = null;
    this.frames = 0;
    this.values = {};
    this.trace = null; // set to [] to record {u, tms, aa..oh} per frame (tests)
    for (const el of host.children) el.style.display = "none"; // the SVG stays, hidden, as the fallback
    host.appendChild(renderer.domElement);
    this._onResize = () => this.resize();
    window.addEventListener("resize", this._onResize);
  }

  resize() {
    const w = Math.max(1, this.host.clientWidth), h = Math.max(1, this.host.clientHeight);
    this.renderer.setSize(w, h);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
  }

  /* A gesture clip in the catalog's format; a gesture of that name then plays it instead of the built-in. */
  addClip(clip) {
    if (!clip || clip.skeleton !== "humanoid-v1" || !Array.isArray(clip.keyframes)) {
      throw new Error("a gesture clip needs skeleton humanoid-v1 and keyframes");
    }
    this.clips[clipKey(clip.name)] = clip;
  }

  /* Clips from a URL: one clip, a list of them, or {name: clip}. */
  async loadClips(url) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    const data = await res.json();
    const list = Array.isArray(data) ? data : data.keyframes ? [data] : Object.values(data);
    for (const clip of list) this.addClip(clip);
    return list.length;
  }

  _set(name, value) {
    if (this.vrm.expressionManager) this.vrm.expressionManager.setValue(name, value);
    this.values[name] = value;
  }

  _bone(name) {
    return this.vrm.humanoid.getNormalizedBoneNode(name);
  }

  /* state: {t (ms), viseme, weight, blend: {arkit: value}, gestures: [{name, phase, intensity}],
   *         utterance, tms (ms on its audio clock), visemes: [{t_ms, viseme, weight}]} */
  update(state) {
    const t = state.t || performance.now();
    const dt = this.last == null ? 1 / 60 : clamp((t - this.last) / 1000, 0, 0.1);
    this.last = t;
    this.frames += 1;
    // Mouth: from the utterance's viseme keys on the audio clock when the stage gives them; otherwise
    // from the current viseme (a step) eased over ~50 ms.
    let mouth;
    if (state.visemes && state.tms != null) {
      mouth = mouthAt(state.visemes, state.tms);
    } else {
      mouth = { aa: 0, ih: 0, ou: 0, ee: 0, oh: 0 };
      const shape = VISEME_SHAPES[state.viseme] || {};
      const w = state.weight == null ? 1 : state.weight;
      for (const [k, x] of Object.entries(shape)) mouth[k] = x * w;
      for (const k of MOUTH) mouth[k] = lerp(this.values[k] || 0, mouth[k], 0.45);
    }
    for (const k of MOUTH) this._set(k, mouth[k]);
    const blend = state.blend || {};
    const emo = emotionsFrom(blend);
    for (const k of EMOTIONS) this._set(k, emo[k]);
    this._set("blinkLeft", clamp(blend.eyeBlinkLeft || 0, 0, 1));
    this._set("blinkRight", clamp(blend.eyeBlinkRight || 0, 0, 1));
    // Look-at: a target in front of the camera that wanders a little (and follows ARKit eye-look keys).
    if (t > this.look.next) {
      this.look.tx = (Math.random() * 2 - 1) * 0.12;
      this.look.ty = (Math.random() * 2 - 1) * 0.06;
      this.look.next = t + 900 + Math.random() * 2200;
    }
    const eyeX = (blend.eyeLookOutLeft || 0) - (blend.eyeLookInLeft || 0);
    const eyeY = (blend.eyeLookUpLeft || 0) - (blend.eyeLookDownLeft || 0);
    this.look.x = lerp(this.look.x, this.look.tx + 0.3 * eyeX, 0.2);
    this.look.y = lerp(this.look.y, this.look.ty + 0.2 * eyeY, 0.2);
    this.lookTarget.position.set(this.look.x, this.look.y, 0);
    // Body: gestures blend over the rest pose; idle breathing and sway.
    const goal = { ...REST };
    const extra = {};
    for (const g of state.gestures || []) {
      const k = clamp(g.intensity == null ? 1 : g.intensity, 0, 1);
      const clip = this.clips[clipKey(g.name)];
      if (clip) {
        for (const [bone, xyz] of Object.entries(clipPose(clip, g.phase))) extra[bone] = xyz.map((d) => d * k * D);
        continue;
      }
      const env = ease(clamp(g.phase / 0.25, 0, 1)) * ease(clamp((1 - g.phase) / 0.3, 0, 1));
      const pose = gestureFn(g.name)(g.phase, k);
      for (const [key, val] of Object.entries(pose)) goal[key] = lerp(REST[key], val, env);
    }
    for (const bone of new Set([...Object.keys(extra), ...Object.keys(this.extra)])) {
      const cur = this.extra[bone] || [0, 0, 0], to = extra[bone] || [0, 0, 0];
      this.extra[bone] = cur.map((v, j) => lerp(v, to[j], 0.35));
    }
    for (const key of Object.keys(this.pose)) this.pose[key] = lerp(this.pose[key], goal[key], 0.25);
    this._applyPose(t);
    this.vrm.update(dt);
    this.renderer.render(this.scene, this.camera);
    if (this.trace) {
      const em = this.vrm.expressionManager;
      const row = { u: state.utterance || null, tms: state.tms == null ? null : state.tms, t };
      for (const k of MOUTH) row[k] = em ? em.getValue(k) : mouth[k];
      for (const k of EMOTIONS) row[k] = em ? em.getValue(k) : emo[k];
      row.blink = em ? Math.max(em.getValue("blinkLeft") || 0, em.getValue("blinkRight") || 0) : 0;
      const bone = (n, axis) => { const b = this._bone(n); return b ? b.rotation[axis] : 0; };
      row.bones = [bone("rightUpperArm", "z"), bone("leftUpperArm", "z"), bone("rightLowerArm", "y"),
        bone("head", "x"), bone("head", "y"), bone("spine", "x")];
      this.trace.push(row);
      if (this.trace.length > 5000) this.trace.splice(0, 1000);
    }
  }

  _applyPose(t) {
    const p = this.pose;
    const set = (name, x, y, z) => {
      const b = this._bone(name);
      if (b) b.rotation.set(x, y, z);
    };
    const breathe = Math.sin(t / 700) * 1.2, sway = Math.sin(t / 2300) * 1.5;
    set("rightUpperArm", 0, 0, (90 - p.rArm) * D);
    set("leftUpperArm", 0, 0, -(90 - p.lArm) * D);
    set("rightLowerArm", 0, p.rElbow * D, 0);
    set("leftLowerArm", 0, -p.lElbow * D, 0);
    set("leftHand", 0, 0, 0);
    set("rightHand", 0, 0, 0);
    set("spine", (p.lean * 0.6 + breathe * 0.3) * D, 0, sway * 0.3 * D);
    set("chest", (p.lean * 0.4) * D, 0, 0);
    set("neck", p.nod * 0.4 * D, p.yaw * 0.4 * D, -p.tilt * 0.4 * D);
    set("head", p.nod * 0.6 * D, p.yaw * 0.6 * D, -(p.tilt + sway) * 0.6 * D);
    for (const [name, xyz] of Object.entries(this.extra)) {
      const b = this._bone(name);
      if (b) b.rotation.set(b.rotation.x + xyz[0], b.rotation.y + xyz[1], b.rotation.z + xyz[2]);
    }
  }

  dispose() {
    window.removeEventListener("resize", this._onResize);
    this.renderer.dispose();
    this.renderer.domElement.remove();
    for (const el of this.host.children) el.style.display = "";
  }
}

/* Load the model and hand it to the stage (stage.js exposes window.stageUseAvatar). */
export async function mount(url) {
  const host = document.getElementById("character-host");
  const shading = new URLSearchParams(location.search).get("shading");
  const character = await VrmCharacter.create(host, url, { shading });
  window.vrmCharacter = character;
  if (window.stageUseAvatar) window.stageUseAvatar(character);
  return character;
}
