"""OpenAI TTS through the real ``openai`` client, against a local server speaking /v1/audio/speech
(the real service cannot be reached here), and its fallback when the service fails."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import openai
import pytest

from agent.expression import EspeakVoice, Prosody
from agent.expression.openai_tts import OPENAI_PCM_RATE, OpenAIVoice


class _Speech(BaseHTTPRequestHandler):
    requests: list[dict[str, object]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Speech.requests.append({"path": self.path, **body})
        # Real speech for the text (espeak at 22,050 Hz, resampled to the API's 24 kHz PCM16).
        s = EspeakVoice().synthesize(str(body["input"]), Prosody())
        a = np.frombuffer(s.pcm, dtype="<i2").astype(np.float32)
        n = int(len(a) * OPENAI_PCM_RATE / s.sample_rate)
        pcm = np.interp(np.linspace(0, len(a) - 1, n), np.arange(len(a)), a).astype("<i2").tobytes()
        self.send_response(200)
        self.send_header("Content-Type", "audio/pcm")
        self.send_header("Content-Length", str(len(pcm)))
        self.end_headers()
        self.wfile.write(pcm)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Speech)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_openai_voice_speaks_through_the_api(server: str) -> None:
    client = openai.OpenAI(api_key="test", base_url=server, max_retries=0)
    voice = OpenAIVoice(model="tts-1", voice="nova", client=client, fallback=EspeakVoice())
    s = voice.synthesize("Hello from the cloud voice, everyone!", Prosody(rate=1.2))
    assert voice.failures == 0
    sent = _Speech.requests[-1]
    assert sent["path"] == "/v1/audio/speech" and sent["response_format"] == "pcm"
    assert sent["model"] == "tts-1" and sent["voice"] == "nova" and sent["speed"] == 1.2
    assert s.sample_rate == OPENAI_PCM_RATE
    assert " ".join(w.text for w in s.words) == "Hello from the cloud voice, everyone!"
    assert all(w.end_ms <= s.duration_ms for w in s.words)


def test_openai_voice_falls_back_when_the_service_fails() -> None:
    client = openai.OpenAI(api_key="test", base_url="http://127.0.0.1:9/v1", max_retries=0)
    voice = OpenAIVoice(client=client, fallback=EspeakVoice(), timeout=2)
    s = voice.synthesize("Still talking.", Prosody())
    assert voice.failures == 1
    assert s.sample_rate == 22050 and s.duration_ms > 300
