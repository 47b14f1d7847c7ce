// Redress widget: one script tag puts the calculator on any page.
//
//   <script src="https://…/embed.js" data-case="xintai-2017" data-lang="zh" data-accent="0b6e4f"></script>
//       mounts the calculator right after the script tag; or
//   <div data-redress data-case="demo" data-lang="en"></div> … <script src="…/embed.js"></script>
//       mounts one calculator into each such div (its attributes first, then the script's).
//
// The calculator is the Redress app itself in an iframe (index.html?embed=1&case=…&lang=…
// &accent=…, beside this file, so a site that hosts the dist folder itself embeds its own
// copy). The iframe keeps the host's CSS and the app's apart in both directions; the app
// never sends anything to the host but its height, and this script accepts nothing else
// (DESIGN.md "Embedding"). No inline styles or scripts are written into the host's markup:
// sizes are set through the CSSOM, which a strict style-src does not block.
(() => {
  'use strict';
  const script = document.currentScript;
  if (!script || !script.src) return; // loaded as a module or injected: nothing to anchor to
  const APP = new URL('index.html', script.src);
  const MIN_HEIGHT = 120;
  const MAX_HEIGHT = 20000;
  const START_HEIGHT = 640;
  const SANDBOX = 'allow-scripts allow-same-origin allow-downloads allow-modals allow-popups allow-popups-to-escape-sandbox';
  const frames = new Map(); // contentWindow → iframe

  function warn(zh, en) {
    console.warn(`Redress embed.js：${zh}（${en}）`);
  }

  /** A data-* value of the target, else of the script tag. */
  function option(target, name) {
    const own = target && target.getAttribute(`data-${name}`);
    return own != null && own !== '' ? own : script.getAttribute(`data-${name}`);
  }

  /** The app's address for one widget: only well-formed parameters are passed on. */
  function address(target) {
    const url = new URL(APP.href);
    url.searchParams.set('embed', '1');
    const id = (option(target, 'case') || '').trim();
    if (/^[a-z0-9-]{1,64}$/.test(id)) url.searchParams.set('case', id);
    else if (id) warn(`案件编号“${id}”无效，改为显示默认案件`, `invalid case id “${id}”, the default case is shown`);
    let lang = (option(target, 'lang') || '').trim().toLowerCase();
    if (!lang) lang = /^en\b/i.test(document.documentElement.lang || '') ? 'en' : 'zh';
    if (lang !== 'zh' && lang !== 'en') {
      warn(`语言“${lang}”无效，改用中文`, `language “${lang}” is not zh or en, zh is used`);
      lang = 'zh';
    }
    url.searchParams.set('lang', lang);
    const accent = (option(target, 'accent') || '').trim().replace(/^#/, '');
    if (/^[0-9a-fA-F]{6}$/.test(accent)) url.searchParams.set('accent', accent.toLowerCase());
    else if (accent) warn(`主题色“${accent}”无效，应为 6 位十六进制`, `accent “${accent}” is not 6 hex digits`);
    return { url, lang };
  }

  // Inline !important beats the host's !important rules, so that `iframe { display: none
  // !important }` or `* { all: unset }` cannot hide or squash the widget.
  function pin(el, property, value) {
    el.style.setProperty(property, value, 'important');
  }

  function mount(target, place) {
    const { url, lang } = address(target);
    const frame = document.createElement('iframe');
    frame.src = url.href;
    frame.title = lang === 'en'
      ? 'Redress: compensation calculator for securities misstatements'
      : 'Redress 证券虚假陈述赔偿计算器';
    frame.setAttribute('loading', 'lazy');
    frame.setAttribute('referrerpolicy', 'no-referrer');
    frame.setAttribute('sandbox', SANDBOX);
    frame.setAttribute('allow', 'clipboard-write');
    frame.dataset.redressFrame = '';
    for (const [p, v] of [
      ['display', 'block'], ['box-sizing', 'border-box'], ['width', '100%'], ['max-width', '100%'],
      ['min-width', '0'], ['height', `${START_HEIGHT}px`], ['min-height', `${MIN_HEIGHT}px`],
      ['max-height', 'none'], ['margin', '0'], ['padding', '0'], ['border', '0'],
      ['visibility', 'visible'], ['opacity', '1'], ['position', 'static'], ['overflow', 'hidden'],
      ['transform', 'none'], ['filter', 'none'], ['float', 'none'], ['clip-path', 'none'], ['background', 'transparent'],
    ]) pin(frame, p, v);
    place(frame);
    if (frame.contentWindow) frames.set(frame.contentWindow, frame);
    return frame;
  }

  /** Only `{ type: "redress:height", height }` from one of our own frames, of a sane size. */
  function onMessage(event) {
    const frame = frames.get(event.source);
    if (!frame || event.origin !== APP.origin) return;
    const data = event.data;
    if (!data || typeof data !== 'object' || data.type !== 'redress:height') return;
    const h = data.height;
    if (typeof h !== 'number' || !Number.isFinite(h) || h < MIN_HEIGHT || h > MAX_HEIGHT) return;
    pin(frame, 'height', `${Math.ceil(h)}px`);
  }

  function start() {
    const targets = [...document.querySelectorAll('[data-redress]')].filter((t) => !t.hasAttribute('data-redress-mounted'));
    if (targets.length) {
      for (const t of targets) {
        t.setAttribute('data-redress-mounted', '');
        mount(t, (frame) => t.append(frame));
      }
    } else if (!script.hasAttribute('data-redress-mounted') && script.parentNode) {
      script.setAttribute('data-redress-mounted', '');
      // A script in <head> has no place in the page: the widget goes at the end of <body>.
      mount(null, (frame) => (script.closest('head') ? document.body.append(frame) : script.after(frame)));
    }
  }

  window.addEventListener('message', onMessage);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
})();
