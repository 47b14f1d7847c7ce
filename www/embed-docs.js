// The embed documentation page (embed.html): lists the built-in cases with the JS package
// itself, so that the ids shown are always the ids the widget accepts. An external module
// (no inline script: the page runs under script-src 'self').
import { cases } from './pkg/index.js';

const NEED = {
  'market-data': ['行情数据', 'market data'],
  'index-data': ['指数数据', 'index data'],
  parameter: ['未公布的参数', 'an unpublished parameter'],
};

const body = document.querySelector('#case-list tbody');
const rows = cases().map((c) => {
  const tr = document.createElement('tr');
  const id = document.createElement('td');
  const code = document.createElement('code');
  code.textContent = c.id;
  id.append(code);
  const name = document.createElement('td');
  name.textContent = c.name;
  const en = document.createElement('span');
  en.lang = 'en';
  en.textContent = ` ${c.name_en}`;
  name.append(en);
  const needs = document.createElement('td');
  const kinds = [...new Set(c.needs.map((n) => n.kind))];
  needs.textContent = kinds.length
    ? kinds.map((k) => NEED[k]?.join(' · ') ?? k).join('；')
    : '—';
  tr.append(id, name, needs);
  return tr;
});
body.replaceChildren(...rows);
