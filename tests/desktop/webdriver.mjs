// A minimal W3C WebDriver client over Node's fetch: enough to drive the real SecSpec window
// through tauri-driver (which forwards to Debian's WebKitWebDriver). No npm dependency needed.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriver {
  constructor(base) {
    this.base = base;
    this.session = null;
  }

  async call(method, path, body) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) {
      const v = json.value || {};
      throw new Error(`WebDriver ${method} ${path}: ${res.status} ${v.error || ''} ${v.message || ''}`);
    }
    return json.value;
  }

  s(path) {
    return `/session/${this.session}${path}`;
  }

  async start(application, env = {}) {
    const caps = { capabilities: { alwaysMatch: { 'tauri:options': { application, env } } } };
    const value = await this.call('POST', '/session', caps);
    this.session = value.sessionId;
    return value;
  }

  async quit() {
    if (this.session) await this.call('DELETE', this.s('')).catch(() => {});
    this.session = null;
  }

  async find(css) {
    const v = await this.call('POST', this.s('/element'), { using: 'css selector', value: css });
    return v[ELEMENT];
  }

  async findAll(css) {
    const v = await this.call('POST', this.s('/elements'), { using: 'css selector', value: css });
    return v.map((e) => e[ELEMENT]);
  }

  /** Polls until `css` matches a displayed element (or times out). */
  async waitFor(css, timeoutMs = 15000) {
    const end = Date.now() + timeoutMs;
    let last;
    while (Date.now() < end) {
      try {
        const el = await this.find(css);
        if (await this.call('GET', this.s(`/element/${el}/displayed`))) return el;
      } catch (e) {
        last = e;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${css}: ${last ? last.message : 'not displayed'}`);
  }

  async click(el) {
    await this.call('POST', this.s(`/element/${el}/click`), {});
  }

  async clear(el) {
    await this.call('POST', this.s(`/element/${el}/clear`), {});
  }

  async type(el, text) {
    await this.call('POST', this.s(`/element/${el}/value`), { text });
  }

  async text(el) {
    return this.call('GET', this.s(`/element/${el}/text`));
  }

  async execute(script, args = []) {
    return this.call('POST', this.s('/execute/sync'), { script, args });
  }

  async screenshot() {
    return Buffer.from(await this.call('GET', this.s('/screenshot')), 'base64');
  }
}
