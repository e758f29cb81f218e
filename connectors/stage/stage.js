/* The web stage: a protocol v1 client that plays the persona's voice through WebAudio and animates the
 * character in sync with it (visemes, ARKit expression keys, gestures), with subtitles, a chat panel and
 * a status bar. Every animation time is placed on the utterance's audio clock: t_ms from the moment its
 * first audio chunk starts playing in the AudioContext. */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  // /overlay (OBS's browser source) has only the character and the subtitle: it listens as a renderer.
  const OVERLAY = document.body.dataset.mode === "overlay";
  // Text changes only when it differs: a write of the same text still costs a layout and a repaint a frame.
  const setText = (id, text) => { const el = $(id); if (el && el.textContent !== text) el.textContent = text; };
  if (OVERLAY) {
    const px = (v) => (v && /^\d{1,5}$/.test(v) ? `${v}px` : null);
    const w = px(params.get("width")), h = px(params.get("height"));
    if (w) { document.documentElement.style.width = w; document.body.style.width = w; }
    if (h) { document.documentElement.style.height = h; document.body.style.height = h; }
    if (["0", "false", "no", "off"].includes((params.get("subtitles") || "").toLowerCase())) {
      document.body.classList.add("no-subtitles");
    }
  }
  const WS_URL = params.get("ws") || `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
  const TOKEN = params.get("token");
  const LEAD_S = 0.06; // schedule the first chunk this far ahead so later chunks arrive in time

  let character = new window.Character($("character-host"));
  // Another avatar with the same update(state) interface (vrm/boot.js loads the VRM one) takes over here.
  window.stageUseAvatar = (c) => { character = c; };
  const state = {
    ws: null,
    connected: false,
    retry: 500,
    events: 0,
    pending: new Map(), // comment id -> performance.now() when sent (latency: to the first voice chunk)
    sent: new Set(), // ids of the comments this page sent (not shown twice when the gateway echoes them)
    turnOfComment: new Map(),
    utterances: new Map(), // utterance_id -> {start (ctx s), text, duration, visemes, gestures, arousal}
    announced: new Map(), // utterance_id -> its speech_act, shown in the chat when the utterance starts
    current: null,
    tracks: {}, // blendshape -> [[ctx time s, value]] (per-channel keys; holds the last value: the mood)
    arousal: 0.3,
    idleBlinkAt: 0,
    idleBlink: 0,
    audio: { ctx: null, analyser: null, chunksPlayed: 0, peak: 0, nextFree: 0 },
    visemesSeen: [],
  };
  window.stageState = state; // for tests and debugging

  // ------------------------------------------------------------------ audio

  function audioCtx() {
    if (!state.audio.ctx) {
      const ctx = new (window.AudioContext || window.webkitAudioContext)();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 1024;
      analyser.connect(ctx.destination);
      state.audio.ctx = ctx;
      state.audio.analyser = analyser;
      ctx.onstatechange = showAudioState;
    }
    return state.audio.ctx;
  }

  function showAudioState() {
    const ctx = state.audio.ctx;
    setText("audio-state", ctx ? ctx.state : "off");
    if ($("sound")) $("sound").hidden = !!ctx && ctx.state === "running";
  }

  function b64ToBytes(b64) {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  /* A PCM16 mono WAV -> AudioBuffer, synchronously (decodeAudioData is async and may reorder chunks). */
  function wavToBuffer(ctx, bytes, fallbackRate) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let off = 12, rate = fallbackRate, dataOff = -1, dataLen = 0;
    while (off + 8 <= bytes.length) {
      const id = String.fromCharCode(bytes[off], bytes[off + 1], bytes[off + 2], bytes[off + 3]);
      const size = view.getUint32(off + 4, true);
      if (id === "fmt ") rate = view.getUint32(off + 12, true);
      if (id === "data") { dataOff = off + 8; dataLen = Math.min(size, bytes.length - dataOff); break; }
      off += 8 + size + (size & 1);
    }
    const n = Math.max(1, Math.floor(dataLen / 2));
    const buf = ctx.createBuffer(1, n, rate);
    const ch = buf.getChannelData(0);
    for (let i = 0; i < dataLen / 2; i++) ch[i] = view.getInt16(dataOff + 2 * i, true) / 32768;
    return buf;
  }

  function playChunk(ev) {
    const ctx = audioCtx();
    if (ctx.state === "suspended") ctx.resume().catch(() => {});
    let u = state.utterances.get(ev.utterance_id);
    if (!u) u = startUtterance({ utterance_id: ev.utterance_id, text: "", duration_ms: 0 });
    if (u.start == null) {
      // The utterance's clock starts when its first chunk plays; never on top of the previous one.
      u.start = Math.max(ctx.currentTime + LEAD_S, state.audio.nextFree);
      flushPendingKeys(u);
    }
    const buf = wavToBuffer(ctx, b64ToBytes(ev.audio), ev.sample_rate);
    const src = ctx.createBufferSource();
    src.buffer = buf;
    src.connect(state.audio.analyser);
    const when = Math.max(u.start + ev.t_ms / 1000, ctx.currentTime);
    src.start(when);
    src.onended = () => { state.audio.chunksPlayed += 1; };
    state.audio.nextFree = Math.max(state.audio.nextFree, when + buf.duration);
    u.end = Math.max(u.end || 0, when + buf.duration);
    u.cancelled = false;
    u.sources.push(src);
  }

  // ------------------------------------------------------------------ timeline

  function startUtterance(ev) {
    const u = {
      id: ev.utterance_id, text: ev.text || "", duration: (ev.duration_ms || 0) / 1000, start: null, end: 0,
      visemes: [], gestures: [], pendingKeys: [], sources: [], arousal: state.arousal, cancelled: false,
    };
    state.utterances.set(ev.utterance_id, u);
    if (state.utterances.size > 20) state.utterances.delete(state.utterances.keys().next().value);
    return u;
  }

  function addKeys(u, keys) {
    for (const k of keys) {
      const t = u.start + k.t_ms / 1000;
      for (const [name, value] of Object.entries(k.blendshapes)) {
        const track = (state.tracks[name] = state.tracks[name] || []);
        // Keys of a new utterance replace whatever a previous one had planned after them.
        while (track.length && track[track.length - 1][0] > t) track.pop();
        track.push([t, value]);
        if (track.length > 200) track.splice(0, track.length - 200);
      }
    }
  }

  function flushPendingKeys(u) {
    addKeys(u, u.pendingKeys);
    u.pendingKeys = [];
  }

  function onAnimation(ev) {
    let u = state.utterances.get(ev.utterance_id);
    if (!u) u = startUtterance({ utterance_id: ev.utterance_id || "idle" });
    u.visemes.push(...(ev.visemes || []));
    u.visemes.sort((a, b) => a.t_ms - b.t_ms);
    u.gestures.push(...(ev.gestures || []));
    if (u.start == null) u.pendingKeys.push(...(ev.expression || []));
    else addKeys(u, ev.expression || []);
  }

  function evalTrack(track, t) {
    if (!track.length) return 0;
    if (t <= track[0][0]) return track[0][1];
    for (let i = 1; i < track.length; i++) {
      const [t1, v1] = track[i];
      if (t < t1) {
        const [t0, v0] = track[i - 1];
        return v0 + (v1 - v0) * (t - t0) / Math.max(1e-6, t1 - t0);
      }
    }
    return track[track.length - 1][1];
  }

  function activeUtterance(now) {
    let best = null;
    for (const u of state.utterances.values()) {
      if (u.start == null || u.cancelled) continue;
      const end = Math.max(u.end, u.start + u.duration);
      if (now >= u.start - 0.01 && now <= end + 0.05) best = u;
    }
    return best;
  }

  // ------------------------------------------------------------------ frame loop

  function frame() {
    const ctx = state.audio.ctx;
    const now = ctx ? ctx.currentTime : 0;
    const u = activeUtterance(now);
    let viseme = "sil", weight = 1;
    const gestures = [];
    if (u) {
      const tms = (now - u.start) * 1000;
      for (const v of u.visemes) {
        if (v.t_ms > tms) break;
        viseme = v.viseme;
        weight = v.weight;
      }
      for (const g of u.gestures) {
        const phase = (tms - g.t_ms) / Math.max(1, g.duration_ms);
        if (phase >= 0 && phase <= 1) gestures.push({ name: g.name, phase, intensity: 0.35 + 0.65 * u.arousal });
      }
      showSubtitle(u, tms);
    } else {
      hideSubtitleLater(now);
    }
    const blend = {};
    for (const [name, track] of Object.entries(state.tracks)) blend[name] = evalTrack(track, now);
    // Between utterances the face keeps its mood; blinks go on by themselves.
    const ms = performance.now();
    if (!u) {
      if (ms > state.idleBlinkAt) { state.idleBlink = ms; state.idleBlinkAt = ms + 2500 + Math.random() * 3500; }
      const d = ms - state.idleBlink;
      const lid = d < 70 ? d / 70 : d < 180 ? 1 - (d - 70) / 110 : 0;
      blend.eyeBlinkLeft = Math.max(blend.eyeBlinkLeft || 0, lid);
      blend.eyeBlinkRight = Math.max(blend.eyeBlinkRight || 0, lid);
    }
    const tms = u ? (now - u.start) * 1000 : null;
    character.update({ t: ms, viseme, weight, blend, gestures, utterance: u ? u.id : null, tms, visemes: u ? u.visemes : null });
    if (state.visemesSeen[state.visemesSeen.length - 1] !== viseme) {
      state.visemesSeen.push(viseme);
      if (state.visemesSeen.length > 500) state.visemesSeen.shift();
    }
    if (state.audio.analyser && u) {
      if (!frameBuf || frameBuf.length !== state.audio.analyser.fftSize) {
        frameBuf = new Float32Array(state.audio.analyser.fftSize); // one buffer, not one a frame
      }
      const data = frameBuf;
      state.audio.analyser.getFloatTimeDomainData(data);
      let peak = 0;
      for (const x of data) peak = Math.max(peak, Math.abs(x));
      state.audio.peak = Math.max(state.audio.peak, peak);
    }
    setText("speaking", u ? "speaking" : "idle");
    const speaking = u ? "1" : "0";
    if (document.body.dataset.speaking !== speaking) document.body.dataset.speaking = speaking;
    requestAnimationFrame(frame);
  }
  let frameBuf = null;

  let subtitleFor = null, subtitleClearAt = 0;
  function showSubtitle(u, tms) {
    const total = Math.max(1, u.duration * 1000);
    // No word timings on the wire: reveal the line in proportion to the audio played.
    const n = Math.round(u.text.length * Math.min(1, Math.max(0, tms / total)));
    const cut = n >= u.text.length ? n : Math.max(0, u.text.lastIndexOf(" ", n));
    setText("subtitle-said", u.text.slice(0, cut));
    setText("subtitle-rest", u.text.slice(cut));
    subtitleFor = u.id;
    subtitleClearAt = 0;
  }
  function hideSubtitleLater(now) {
    if (!subtitleFor) return;
    if (!subtitleClearAt) subtitleClearAt = now + 2.5;
    if (now > subtitleClearAt) {
      setText("subtitle-said", "");
      setText("subtitle-rest", "");
      subtitleFor = null;
    }
  }

  // ------------------------------------------------------------------ chat + protocol

  function chatLine(cls, who, text, extra) {
    const log = $("chat-log");
    if (!log) return; // the overlay has no chat
    const li = document.createElement("li");
    li.className = cls;
    if (who) {
      const w = document.createElement("span");
      w.className = "who";
      w.textContent = who;
      li.appendChild(w);
    }
    li.appendChild(document.createTextNode(text));
    if (extra) {
      const a = document.createElement("span");
      a.className = "act";
      a.textContent = extra;
      li.appendChild(a);
    }
    log.appendChild(li);
    while (log.children.length > 200) log.removeChild(log.firstChild);
    log.scrollTop = log.scrollHeight;
  }

  const newId = () => Math.random().toString(16).slice(2, 10) + Date.now().toString(16);

  function send(obj) {
    if (!state.ws || state.ws.readyState !== WebSocket.OPEN) return false;
    state.ws.send(JSON.stringify({ v: 1, id: newId(), ts: Date.now() / 1000, ...obj }));
    return true;
  }

  /* v1.1: what other sources sent (live platforms, other pages); our own comments are already shown. */
  const AUDIENCE_LABEL = {
    superchat: (e) => `${e.amount} ${e.currency || ""} · ${e.text || ""}`,
    gift: (e) => `sent ${e.gift} ×${e.amount}`,
    membership: (e) => `became a member${e.tier ? ` (${e.tier})` : ""}${e.text ? ` · ${e.text}` : ""}`,
    subscription: (e) => `subscribed${e.months > 1 ? ` (${e.months} months)` : ""}${e.text ? ` · ${e.text}` : ""}`,
    follow: () => "followed",
    raid: (e) => `raided with ${e.viewers} viewers`,
    entrance: () => "came in",
  };
  function showAudience(e) {
    if (state.sent.has(e.id)) return;
    const who = e.type === "raid" ? e.from : (e.user && e.user.name) || "someone";
    const label = AUDIENCE_LABEL[e.type];
    const where = e.platform && e.platform !== "web" ? e.platform : "";
    chatLine(`viewer audience audience-${e.type}`, who, label ? label(e) : e.text || "", where);
  }

  function showAct(ev) {
    chatLine("persona", "host", ev.text, ev.act + (ev.emotion ? ` · ${ev.emotion.label}` : ""));
  }

  function onEvent(ev) {
    state.events += 1;
    setText("event-count", state.events);
    switch (ev.type) {
      case "welcome":
        chatLine("system", "", `connected to ${ev.persona} (protocol v${ev.protocol_version || ev.protocol})`);
        break;
      case "speech_act": {
        if (ev.emotion) state.arousal = ev.emotion.arousal || 0;
        if (ev.in_reply_to && state.pending.has(ev.in_reply_to)) state.turnOfComment.set(ev.turn_id, ev.in_reply_to);
        // The agent announces a sentence while the one before it is still spoken: the chat shows it as it
        // starts, and never shows one that was cancelled before it started (session 21, brief D).
        if (ev.utterance_id) {
          state.announced.set(ev.utterance_id, ev);
          if (state.announced.size > 20) state.announced.delete(state.announced.keys().next().value);
        } else {
          showAct(ev);
        }
        break;
      }
      case "utterance_started": {
        const act = state.announced.get(ev.utterance_id);
        if (act) {
          state.announced.delete(ev.utterance_id);
          showAct(act);
        }
        startUtterance(ev);
        break;
      }
      case "voice": {
        const commentId = state.turnOfComment.get(ev.turn_id);
        if (commentId && state.pending.has(commentId)) {
          setText("latency", `${Math.round(performance.now() - state.pending.get(commentId))} ms`);
          state.pending.delete(commentId);
        }
        playChunk(ev);
        break;
      }
      case "animation":
        onAnimation(ev);
        break;
      case "utterance_cancelled": {
        if (state.announced.delete(ev.utterance_id)) break; // announced, never started: nothing was said
        const u = state.utterances.get(ev.utterance_id);
        if (u) {
          u.cancelled = true;
          for (const s of u.sources) { try { s.stop(); } catch (e) { /* already stopped */ } }
          state.audio.nextFree = state.audio.ctx ? state.audio.ctx.currentTime : 0;
        }
        chatLine("system", "", `(interrupted after: “${ev.spoken_text}”)`);
        break;
      }
      case "error":
        chatLine("system", "", `server: ${ev.code}: ${ev.message}`);
        break;
      case "audience":
        showAudience(ev.event || {});
        break;
      default:
        break;
    }
  }

  function connect() {
    setText("conn", "connecting…");
    const ws = new WebSocket(WS_URL);
    state.ws = ws;
    ws.onopen = () => {
      state.connected = true;
      state.retry = 500;
      setText("conn", "connected");
      if ($("conn")) $("conn").className = "conn conn-on";
      // The control page is an operator (it sends comments and may interrupt); the overlay only renders.
      const hello = { type: "hello", role: OVERLAY ? "renderer" : "operator" };
      if (TOKEN) hello.token = TOKEN;
      send(hello);
    };
    ws.onmessage = (m) => {
      let ev;
      try { ev = JSON.parse(m.data); } catch (e) { return; }
      onEvent(ev);
    };
    ws.onclose = () => {
      state.connected = false;
      setText("conn", "disconnected");
      if ($("conn")) $("conn").className = "conn conn-off";
      setTimeout(connect, state.retry);
      state.retry = Math.min(10000, state.retry * 2);
    };
  }

  if ($("chat-form")) $("chat-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("chat-input").value.trim();
    if (!text) return;
    audioCtx(); // a click is the user gesture browsers want before they play sound
    if (state.audio.ctx.state === "suspended") state.audio.ctx.resume().catch(() => {});
    const name = $("chat-name").value.trim() || "viewer";
    const id = newId();
    const ok = send({
      type: "comment", id, platform: "web", channel: "stage",
      user: { id: `web-${name}`, name }, text,
    });
    if (ok) {
      state.pending.set(id, performance.now());
      state.sent.add(id);
      if (state.sent.size > 500) state.sent.delete(state.sent.values().next().value);
      chatLine("viewer", name, text);
      $("chat-input").value = "";
    } else {
      chatLine("system", "", "not connected yet");
    }
  });
  if ($("sound")) $("sound").addEventListener("click", () => {
    audioCtx().resume().then(showAudioState).catch(() => {});
  });
  if ($("interrupt")) $("interrupt").addEventListener("click", () => {
    if (!send({ type: "control", action: "interrupt" })) chatLine("system", "", "not connected yet");
  });

  audioCtx();
  showAudioState();
  connect();
  requestAnimationFrame(frame);
})();
