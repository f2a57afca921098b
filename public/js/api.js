// The server's HTTPS API and its WebSocket push, for both pages. A session token lives in localStorage under a key
// per page, so a coordinator and a volunteer can be signed in side by side in one browser.

export class Api {
  constructor(storageKey) {
    this.storageKey = storageKey;
    this.token = localStorage.getItem(storageKey);
  }

  signedIn() { return Boolean(this.token); }

  remember(token) {
    this.token = token;
    localStorage.setItem(this.storageKey, token);
  }

  forget() {
    this.token = null;
    localStorage.removeItem(this.storageKey);
  }

  async request(method, path, body) {
    const headers = {};
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let payload;
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const response = await fetch(path, { method, headers, body: payload });
    const text = await response.text();
    const data = text && (response.headers.get("Content-Type") || "").includes("json") ? JSON.parse(text) : text;
    if (!response.ok) {
      const error = new Error(data?.error?.reason || `${response.status}`);
      error.status = response.status;
      error.field = data?.error?.field;
      if (response.status === 401) this.forget();
      throw error;
    }
    return data;
  }

  // A file the API answers (the schedule's CSV), saved by the browser: a plain link would carry no session token.
  async download(path, filename) {
    const response = await fetch(path, { headers: this.token ? { Authorization: `Bearer ${this.token}` } : {} });
    if (!response.ok) {
      const error = new Error(`${response.status}`);
      error.status = response.status;
      throw error;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  get(path) { return this.request("GET", path); }
  post(path, body) { return this.request("POST", path, body); }
  put(path, body) { return this.request("PUT", path, body); }
}

// A push connection that resumes from the last event it saw (across reconnects) and reconnects with backoff.
export class Push {
  constructor(api, onMessage, onState = () => {}) {
    this.api = api;
    this.onMessage = onMessage;
    this.onState = onState;
    this.since = null;
    this.epoch = null;
    this.delay = 500;
    this.closed = false;
  }

  connect() {
    if (this.closed || !this.api.token) return;
    const socket = new WebSocket(`wss://${location.host}/ws`);
    this.socket = socket;
    socket.onopen = () => {
      const hello = { type: "hello", token: this.api.token };
      if (this.since !== null) Object.assign(hello, { since: this.since, epoch: this.epoch });
      socket.send(JSON.stringify(hello));
    };
    socket.onmessage = (message) => {
      const data = JSON.parse(message.data);
      if (data.type === "welcome") {
        this.delay = 500;
        if (!data.recovered) this.since = data.tail;
        this.epoch = data.epoch;
        this.onState("live", data);
      } else if (data.type === "event") {
        this.since = data.seq;
      }
      this.onMessage(data);
    };
    socket.onclose = (event) => {
      // 4001: the session ended (signed out elsewhere, or expired). Reconnecting with the same token cannot work:
      // the page forgets it and shows its sign-in again.
      if (event.code === 4001) {
        this.closed = true;
        this.api.forget();
        return location.reload();
      }
      this.onState("offline");
      if (this.closed) return;
      setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, 15000);
    };
  }

  send(message) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  close() {
    this.closed = true;
    this.socket?.close();
  }
}

// "2026-11-30T11:00" → parts, without time-zone arithmetic: task times are local to the community.
export function parseLocal(text) {
  const [date, time = "00:00"] = text.split("T");
  return { date, time: time.slice(0, 5) };
}
