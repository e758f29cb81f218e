"""The stage's default VRM avatar, generated: a glTF 2.0 binary with the VRMC_vrm 1.0 extension (CC0).

Rigid parts (ellipsoids and discs) hang from humanoid bones, so gestures are bone rotations. The face is
drawn by morph targets: the mouth has the visemes ``aa ih ou ee oh`` and the emotions ``happy angry sad
relaxed surprised`` (with the brows), each eye a ``blink``; the eyes are bones for look-at. Deterministic:
the same code writes the same bytes (the committed ``persona.vrm`` is checked against it by the tests).

    python -m connectors.stage.vrm.make_avatar [OUT.vrm]
"""

from __future__ import annotations

import json
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_PATH = Path(__file__).with_name("persona.vrm")

VISEMES = ("aa", "ih", "ou", "ee", "oh")
EMOTIONS = ("happy", "angry", "sad", "relaxed", "surprised")

COLORS = {
    "skin": (0.98, 0.80, 0.68),
    "hair": (0.25, 0.16, 0.36),
    "cloth": (0.42, 0.35, 0.80),
    "dark": (0.18, 0.07, 0.12),
    "white": (0.97, 0.97, 0.99),
    "shoe": (0.20, 0.20, 0.26),
}

# Bone name -> (parent, world position in metres). VRM 1.0: the model faces +Z, its left is +X.
BONES: dict[str, tuple[str | None, tuple[float, float, float]]] = {
    "hips": (None, (0.0, 0.85, 0.0)),
    "spine": ("hips", (0.0, 0.95, 0.0)),
    "chest": ("spine", (0.0, 1.10, 0.0)),
    "neck": ("chest", (0.0, 1.30, 0.0)),
    "head": ("neck", (0.0, 1.38, 0.0)),
    "leftEye": ("head", (0.04, 1.47, 0.09)),
    "rightEye": ("head", (-0.04, 1.47, 0.09)),
    "leftUpperArm": ("chest", (0.17, 1.26, 0.0)),
    "leftLowerArm": ("leftUpperArm", (0.42, 1.26, 0.0)),
    "leftHand": ("leftLowerArm", (0.64, 1.26, 0.0)),
    "rightUpperArm": ("chest", (-0.17, 1.26, 0.0)),
    "rightLowerArm": ("rightUpperArm", (-0.42, 1.26, 0.0)),
    "rightHand": ("rightLowerArm", (-0.64, 1.26, 0.0)),
    "leftUpperLeg": ("hips", (0.09, 0.80, 0.0)),
    "leftLowerLeg": ("leftUpperLeg", (0.09, 0.45, 0.0)),
    "leftFoot": ("leftLowerLeg", (0.09, 0.08, 0.0)),
    "rightUpperLeg": ("hips", (-0.09, 0.80, 0.0)),
    "rightLowerLeg": ("rightUpperLeg", (-0.09, 0.45, 0.0)),
    "rightFoot": ("rightLowerLeg", (-0.09, 0.08, 0.0)),
}


@dataclass
class Part:
    """Triangles in world space, one colour, with optional morph targets (position deltas)."""

    color: str
    pos: np.ndarray
    nrm: np.ndarray
    idx: np.ndarray
    targets: dict[str, np.ndarray] = field(default_factory=dict)


def ellipsoid(color: str, center: tuple[float, float, float], radii: tuple[float, float, float]) -> Part:
    seg, rings = 14, 9
    pos, nrm = [], []
    for r in range(rings + 1):
        th = np.pi * r / rings
        for s in range(seg + 1):
            ph = 2 * np.pi * s / seg
            u = np.array([np.sin(th) * np.sin(ph), np.cos(th), np.sin(th) * np.cos(ph)])
            pos.append(np.array(center) + u * np.array(radii))
            n = u / np.array(radii)
            nrm.append(n / (np.linalg.norm(n) or 1.0))
    idx = []
    for r in range(rings):
        for s in range(seg):
            a, b = r * (seg + 1) + s, (r + 1) * (seg + 1) + s
            idx += [a, b, a + 1, a + 1, b, b + 1]
    return Part(color, np.array(pos, np.float32), np.array(nrm, np.float32), np.array(idx, np.uint16))


def disc(color: str, center: tuple[float, float, float], rx: float, ry: float, n: int = 20) -> Part:
    """A flat ellipse facing +Z: vertex 0 is the centre, 1..n the rim (counter-clockwise from +X)."""
    ang = 2 * np.pi * np.arange(n) / n
    rim = np.stack([rx * np.cos(ang), ry * np.sin(ang), np.zeros(n)], axis=1)
    pos = np.vstack([np.zeros((1, 3)), rim]) + np.array(center)
    idx = []
    for i in range(n):
        idx += [0, 1 + i, 1 + (i + 1) % n]
    nrm = np.tile(np.array([0.0, 0.0, 1.0]), (n + 1, 1))
    return Part(color, pos.astype(np.float32), nrm.astype(np.float32), np.array(idx, np.uint16))


def _mouth() -> Part:
    cx, cy, cz, rx, ry = 0.0, 1.415, 0.103, 0.02, 0.004
    m = disc("dark", (cx, cy, cz), rx, ry)
    rel = m.pos - np.array([cx, cy, cz], np.float32)
    x, y = rel[:, 0] / rx, rel[:, 1] / ry  # -1..1 on the rim

    def reshape(w: float, h: float, corners: float = 0.0) -> np.ndarray:
        d = np.zeros_like(m.pos)
        d[:, 0] = rel[:, 0] * (w - 1)
        d[:, 1] = rel[:, 1] * (h - 1) + corners * x**2 * (1 - 0.5 * np.abs(y))
        return d

    m.targets = {
        "aa": reshape(1.05, 5.5),
        "ih": reshape(1.3, 2.0),
        "ou": reshape(0.45, 2.6),
        "ee": reshape(1.2, 3.2),
        "oh": reshape(0.75, 4.5),
        "happy": reshape(1.15, 1.6, 0.010),
        "angry": reshape(0.8, 0.8, -0.006),
        "sad": reshape(0.85, 1.0, -0.008),
        "relaxed": reshape(1.05, 1.0, 0.005),
        "surprised": reshape(0.6, 4.0),
    }
    return m


def _brows() -> Part:
    pos: list[list[float]] = []
    idx: list[int] = []
    targets: dict[str, list[list[float]]] = {e: [] for e in EMOTIONS}
    for side in (1, -1):
        inner, outer, y, z, t = 0.015 * side, 0.062 * side, 1.515, 0.112, 0.005
        base = len(pos)
        pos += [[inner, y - t, z], [outer, y - t, z], [outer, y + t, z], [inner, y + t, z]]
        idx += [base, base + 1, base + 2, base, base + 2, base + 3]
        if side < 0:  # keep the faces front-facing (counter-clockwise seen from +Z)
            idx[-6:] = [base, base + 2, base + 1, base, base + 3, base + 2]
        for e, (din, dout) in {
            "happy": (0.006, 0.006),
            "angry": (-0.010, 0.004),
            "sad": (0.010, -0.004),
            "relaxed": (0.002, 0.0),
            "surprised": (0.016, 0.014),
        }.items():
            targets[e] += [[0, din, 0], [0, dout, 0], [0, dout, 0], [0, din, 0]]
    p = np.array(pos, np.float32)
    nrm = np.tile(np.array([0.0, 0.0, 1.0], np.float32), (len(p), 1))
    return Part(
        "dark", p, nrm, np.array(idx, np.uint16), {e: np.array(v, np.float32) for e, v in targets.items()}
    )


def _eye(x: float) -> list[Part]:
    cy, z = 1.47, 0.106
    white = disc("white", (x, cy, z), 0.021, 0.026)
    pupil = disc("dark", (x, cy - 0.002, z + 0.003), 0.011, 0.015)
    for part in (white, pupil):
        close = np.zeros_like(part.pos)
        close[:, 1] = (cy - 0.012 - part.pos[:, 1]) * 0.92
        half = np.zeros_like(part.pos)
        half[:, 1] = (cy - 0.004 - part.pos[:, 1]) * 0.45
        wide = np.zeros_like(part.pos)
        wide[:, 1] = (part.pos[:, 1] - cy) * 0.25
        part.targets = {"blink": close, "happy": half, "surprised": wide}
    return [white, pupil]


def _limb(color: str, a: tuple[float, float, float], b: tuple[float, float, float], r: float) -> Part:
    c = tuple((np.array(a) + np.array(b)) / 2)
    half = np.abs(np.array(b) - np.array(a)) / 2
    radii = tuple(max(float(h) + r * 0.3, r) for h in half)
    return ellipsoid(color, (float(c[0]), float(c[1]), float(c[2])), (radii[0], radii[1], radii[2]))


def parts() -> dict[str, list[Part]]:
    """Bone name -> the parts hanging from it (world-space geometry)."""
    p = {name: pos for name, (_, pos) in BONES.items()}
    out: dict[str, list[Part]] = {
        "hips": [ellipsoid("cloth", (0.0, 0.82, 0.0), (0.17, 0.12, 0.11))],
        "chest": [ellipsoid("cloth", (0.0, 1.10, 0.0), (0.15, 0.21, 0.095))],
        "neck": [ellipsoid("skin", (0.0, 1.33, 0.0), (0.04, 0.06, 0.04))],
        "head": [
            ellipsoid("skin", (0.0, 1.48, 0.0), (0.11, 0.13, 0.11)),
            ellipsoid("hair", (0.0, 1.515, -0.025), (0.122, 0.128, 0.112)),
            _mouth(),
            _brows(),
        ],
        "leftEye": _eye(0.04),
        "rightEye": _eye(-0.04),
    }
    for side in ("left", "right"):
        up, low, hand = p[side + "UpperArm"], p[side + "LowerArm"], p[side + "Hand"]
        out[side + "UpperArm"] = [_limb("cloth", up, low, 0.045)]
        out[side + "LowerArm"] = [_limb("skin", low, hand, 0.035)]
        out[side + "Hand"] = [ellipsoid("skin", (hand[0] * 1.06, hand[1], hand[2]), (0.045, 0.035, 0.03))]
        uleg, lleg, foot = p[side + "UpperLeg"], p[side + "LowerLeg"], p[side + "Foot"]
        out[side + "UpperLeg"] = [_limb("skin", uleg, lleg, 0.06)]
        out[side + "LowerLeg"] = [_limb("skin", lleg, foot, 0.045)]
        out[side + "Foot"] = [ellipsoid("shoe", (foot[0], 0.04, 0.04), (0.05, 0.04, 0.09))]
    return out


class _Gltf:
    def __init__(self) -> None:
        self.bin = bytearray()
        self.doc: dict[str, Any] = {
            "asset": {"version": "2.0", "generator": "persona make_avatar"},
            "buffers": [],
            "bufferViews": [],
            "accessors": [],
            "materials": [],
            "meshes": [],
            "nodes": [],
            "scenes": [{"nodes": [0]}],
            "scene": 0,
        }
        self.material: dict[str, int] = {}
        for name, rgb in COLORS.items():
            self.material[name] = len(self.doc["materials"])
            self.doc["materials"].append(
                {
                    "name": name,
                    "pbrMetallicRoughness": {
                        "baseColorFactor": [*rgb, 1.0],
                        "metallicFactor": 0.0,
                        "roughnessFactor": 0.85,
                    },
                }
            )

    def accessor(self, arr: np.ndarray, kind: str, target: int | None, bounds: bool = False) -> int:
        while len(self.bin) % 4:
            self.bin.append(0)
        data = arr.tobytes()
        view: dict[str, Any] = {"buffer": 0, "byteOffset": len(self.bin), "byteLength": len(data)}
        if target is not None:
            view["target"] = target
        self.bin += data
        self.doc["bufferViews"].append(view)
        acc: dict[str, Any] = {
            "bufferView": len(self.doc["bufferViews"]) - 1,
            "componentType": 5123 if arr.dtype == np.uint16 else 5126,
            "count": int(arr.shape[0]),
            "type": kind,
        }
        if bounds:
            acc["min"] = [round(float(v), 6) for v in arr.min(axis=0)]
            acc["max"] = [round(float(v), 6) for v in arr.max(axis=0)]
        self.doc["accessors"].append(acc)
        return len(self.doc["accessors"]) - 1

    def mesh(self, name: str, items: list[Part], origin: np.ndarray) -> tuple[int, list[str]]:
        """One mesh of the parts (local to ``origin``); every primitive carries the union of target names."""
        names = sorted({t for it in items for t in it.targets})
        prims = []
        for it in items:
            prim: dict[str, Any] = {
                "attributes": {
                    "POSITION": self.accessor((it.pos - origin).astype(np.float32), "VEC3", 34962, True),
                    "NORMAL": self.accessor(it.nrm, "VEC3", 34962),
                },
                "indices": self.accessor(it.idx, "SCALAR", 34963),
                "material": self.material[it.color],
            }
            if names:
                prim["targets"] = [
                    {
                        "POSITION": self.accessor(
                            it.targets.get(t, np.zeros_like(it.pos)).astype(np.float32), "VEC3", None, True
                        )
                    }
                    for t in names
                ]
            prims.append(prim)
        mesh: dict[str, Any] = {"name": name, "primitives": prims}
        if names:
            mesh["weights"] = [0.0] * len(names)
            mesh["extras"] = {"targetNames": names}
        self.doc["meshes"].append(mesh)
        return len(self.doc["meshes"]) - 1, names

    def glb(self) -> bytes:
        while len(self.bin) % 4:
            self.bin.append(0)
        self.doc["buffers"] = [{"byteLength": len(self.bin)}]
        js = json.dumps(self.doc, separators=(",", ":"), sort_keys=True).encode()
        js += b" " * (-len(js) % 4)
        total = 12 + 8 + len(js) + 8 + len(self.bin)
        return b"".join(
            [
                struct.pack("<4sII", b"glTF", 2, total),
                struct.pack("<I4s", len(js), b"JSON"),
                js,
                struct.pack("<I4s", len(self.bin), b"BIN\x00"),
                bytes(self.bin),
            ]
        )


def build() -> bytes:
    g = _Gltf()
    node_of: dict[str, int] = {}
    for name in BONES:  # parents come first in BONES
        node_of[name] = len(g.doc["nodes"])
        g.doc["nodes"].append({"name": name})
    binds: dict[str, list[dict[str, Any]]] = {}
    for name, items in parts().items():
        origin = np.array(BONES[name][1], np.float32)
        mesh, names = g.mesh(name, items, origin)
        g.doc["nodes"][node_of[name]]["mesh"] = mesh
        for i, t in enumerate(names):
            binds.setdefault(t, []).append({"node": node_of[name], "index": i, "weight": 1.0})
    for name, (parent, pos) in BONES.items():
        base = BONES[parent][1] if parent else (0.0, 0.0, 0.0)
        g.doc["nodes"][node_of[name]]["translation"] = [
            round(a - b, 6) for a, b in zip(pos, base, strict=True)
        ]
        if parent:
            g.doc["nodes"][node_of[parent]].setdefault("children", []).append(node_of[name])

    def expr(key: str, only: str | None = None) -> dict[str, Any]:
        bs = binds.get(key, [])
        if only is not None:
            bs = [b for b in bs if b["node"] == node_of[only]]
        return {
            "morphTargetBinds": bs,
            "isBinary": False,
            "overrideBlink": "none",
            "overrideLookAt": "none",
            "overrideMouth": "none",
        }

    presets = {k: expr(k) for k in (*VISEMES, *EMOTIONS, "blink")}
    presets["blinkLeft"] = expr("blink", "leftEye")
    presets["blinkRight"] = expr("blink", "rightEye")
    rng = {"inputMaxValue": 90.0, "outputScale": 12.0}
    g.doc["extensionsUsed"] = ["VRMC_vrm"]
    g.doc["extensions"] = {
        "VRMC_vrm": {
            "specVersion": "1.0",
            "meta": {
                "name": "persona default avatar",
                "version": "1",
                "authors": ["the persona project"],
                "copyrightInformation": "CC0 1.0: dedicated to the public domain",
                "licenseUrl": "https://vrm.dev/licenses/1.0/",
                "otherLicenseUrl": "https://creativecommons.org/publicdomain/zero/1.0/",
                "avatarPermission": "everyone",
                "allowExcessivelyViolentUsage": True,
                "allowExcessivelySexualUsage": False,
                "commercialUsage": "corporation",
                "allowPoliticalOrReligiousUsage": True,
                "allowAntisocialOrHateUsage": False,
                "creditNotation": "unnecessary",
                "allowRedistribution": True,
                "modification": "allowModificationRedistribution",
            },
            "humanoid": {"humanBones": {name: {"node": node_of[name]} for name in BONES}},
            "expressions": {"preset": presets},
            "lookAt": {
                "type": "bone",
                "offsetFromHeadBone": [0.0, 0.09, 0.1],
                "rangeMapHorizontalInner": rng,
                "rangeMapHorizontalOuter": rng,
                "rangeMapVerticalDown": {"inputMaxValue": 90.0, "outputScale": 8.0},
                "rangeMapVerticalUp": {"inputMaxValue": 90.0, "outputScale": 8.0},
            },
        }
    }
    return g.glb()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DEFAULT_PATH
    data = build()
    out.write_bytes(data)
    print(f"wrote {out} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
