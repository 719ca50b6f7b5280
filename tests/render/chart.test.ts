import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  CHART_WIDTH,
  EMPTY_MESSAGE,
  passRateChartSvg,
  renderPng,
  textWidth,
  wrapText,
  type PassRateBar,
  type PassRateChart,
} from '../../src/render/chart.js';

// ---------------------------------------------------------------------------------------------
// Helpers: PNG header and pixels (zlib only), and a small XML well-formedness check.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Decodes an 8-bit RGBA, non-interlaced PNG (what resvg writes) to its raw pixels. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  const { width, height } = pngSize(png);
  expect(png[24]).toBe(8); // bit depth
  expect(png[25]).toBe(6); // colour type RGBA
  expect(png[28]).toBe(0); // no interlace
  const idat: Buffer[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    if (type === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x += 1) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= 4 ? (rgba[y * stride + x - 4] ?? 0) : 0;
      const up = y > 0 ? (rgba[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = x >= 4 && y > 0 ? (rgba[(y - 1) * stride + x - 4] ?? 0) : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = Math.floor((left + up) / 2);
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      rgba[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

type Box = { left: number; top: number; right: number; bottom: number };

/** Pixels that differ between two same-size images, inside and outside a box. */
function pixelDiff(a: ReturnType<typeof decodePng>, b: ReturnType<typeof decodePng>, box: Box) {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let inside = 0;
  let outside = 0;
  for (let y = 0; y < a.height; y += 1) {
    for (let x = 0; x < a.width; x += 1) {
      const i = (y * a.width + x) * 4;
      if (a.rgba.readUInt32BE(i) === b.rgba.readUInt32BE(i)) continue;
      if (x >= box.left && x < box.right && y >= box.top && y < box.bottom) inside += 1;
      else outside += 1;
    }
  }
  return { inside, outside };
}

/** Tags balance, attributes are quoted, and no raw `<` or stray `&` appears in text or attributes. */
function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  const entity = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;
  let i = 0;
  while (i < xml.length) {
    const char = xml[i];
    if (char === '&') {
      entity.lastIndex = i;
      expect(entity.test(xml), `bad entity at ${i}: ${xml.slice(i, i + 12)}`).toBe(true);
      i = entity.lastIndex;
      continue;
    }
    if (char !== '<') {
      i += 1;
      continue;
    }
    const end = xml.indexOf('>', i);
    expect(end).toBeGreaterThan(i);
    const tag = xml.slice(i + 1, end);
    const match = /^(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)$/.exec(tag);
    expect(match, `malformed tag: <${tag}>`).not.toBeNull();
    const [, closing, name, , selfClosing] = match ?? [];
    if (closing) expect(stack.pop(), `unbalanced </${name}>`).toBe(name);
    else if (!selfClosing) stack.push(name ?? '');
    i = end + 1;
  }
  expect(stack).toEqual([]);
}

// ---------------------------------------------------------------------------------------------

const CHECKS = [
  'Registre (tu/vous)',
  'Civilité',
  'Orthographe',
  'Données personnelles',
  'Termes interdits',
  'Chiffres non étayés',
  'Rappel de la charte',
  'Délai de réponse',
  'Mention des règles',
  'Ton',
  'Émojis',
  'Longueur',
  'Personnalisation',
  'Escalade',
  'Clôture',
];

function bars(count: number): PassRateBar[] {
  return CHECKS.slice(0, count).map((label, index) => ({
    label,
    passRate: ((index * 37) % 101) / 100,
    total: 20 + index,
    criterion: index % 3 === 0 ? 'Cr7.2' : 'Cr7.1',
  }));
}

function chart(count: number, extra: Partial<PassRateChart> = {}): PassRateChart {
  return {
    title: 'Cohorte Printemps 2027 — taux de réussite par vérification',
    subtitle: '12 apprenants · 18 exercices rendus · au 28/11/2026',
    bars: bars(count),
    ...extra,
  };
}

function svgHeight(svg: string): number {
  return Number(/<svg[^>]* height="(\d+)"/.exec(svg)?.[1]);
}

describe('passRateChartSvg + renderPng', () => {
  it('renders a PNG ~900 px wide whose size is the SVG size', () => {
    const svg = passRateChartSvg(chart(15, { threshold: 0.7 }));
    const png = renderPng(svg);
    const size = pngSize(png);
    expect(size.width).toBe(CHART_WIDTH);
    expect(size.width).toBe(900);
    expect(size.height).toBe(svgHeight(svg));
  });

  it('grows in height with the number of bars', () => {
    const heights = [1, 2, 5, 15].map((count) => pngSize(renderPng(passRateChartSvg(chart(count)))).height);
    for (let i = 1; i < heights.length; i += 1) expect(heights[i]).toBeGreaterThan(heights[i - 1] ?? Infinity);
    // One bar more, one row more.
    expect((heights[1] ?? 0) - (heights[0] ?? 0)).toBe(44);
  });

  it('draws the bars in the given order, coloured by criterion, with the percentage and n', () => {
    const svg = passRateChartSvg({
      title: 'T',
      bars: [
        { label: 'Zèbre', passRate: 0.5, total: 34, criterion: 'Cr7.2' },
        { label: 'Abeille', passRate: 0.25, total: 1234, criterion: 'Cr7.1' },
      ],
    });
    expect(svg.indexOf('>Zèbre<')).toBeLessThan(svg.indexOf('>Abeille<'));
    const fills = [...svg.matchAll(/<rect [^>]*height="28" fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    expect(fills).toEqual(['#ea580c', '#2563eb']);
    expect(svg).toContain('50\u202F%<tspan dx="10" fill="#4b5563">n = 34</tspan>');
    expect(svg).toContain('25\u202F%<tspan dx="10" fill="#4b5563">n = 1\u202F234</tspan>');
    expect(svg).toContain('Cr7.1 · Identifier et justifier les commentaires à modérer');
    expect(svg).toContain('Cr7.2 · Rédiger les réponses selon la charte');
    // The 0–100 % axis.
    for (const tick of [0, 20, 40, 60, 80, 100]) expect(svg).toContain(`>${tick}\u202F%</text>`);
  });

  it('draws a dashed threshold line and its legend only when a threshold is given', () => {
    const without = passRateChartSvg(chart(3));
    expect(without).not.toContain('stroke-dasharray');
    expect(without).not.toContain('Seuil');
    const svg = passRateChartSvg(chart(3, { threshold: 0.7 }));
    expect(svg).toContain('Seuil de réussite : 70\u202F%');
    const axis = [...svg.matchAll(/<line x1="([\d.]+)" y1="\d+" x2="[\d.]+" y2="\d+" stroke="#(?:9ca3af|e5e7eb)"/g)].map((m) =>
      Number(m[1]),
    );
    const left = Math.min(...axis);
    const right = Math.max(...axis);
    expect(new Set(axis).size).toBe(11); // gridlines every 10 %
    const dashed = /<line x1="([\d.]+)" y1="\d+" x2="\1" y2="\d+" stroke="#b91c1c" stroke-width="2" stroke-dasharray="6 4"\/>/.exec(svg);
    expect(dashed).not.toBeNull();
    expect(Number(dashed?.[1])).toBeCloseTo(left + 0.7 * (right - left), 1);
  });

  it('escapes labels, titles and subtitles: the SVG stays well-formed and renders', () => {
    const nasty = `<script>alert("x")</script> & 'quotes' ]]> <!-- \u0001\uFFFE`;
    const svg = passRateChartSvg({
      title: `Cohorte "A&B" <b>`,
      subtitle: `l'équipe & co`,
      bars: [{ label: nasty, passRate: 0.4, total: 5, criterion: 'Cr7.1' }],
      threshold: 0.5,
    });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('<!--');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)');
    expect(svg).toContain('Cohorte &quot;A&amp;B&quot; &lt;b&gt;');
    expect(svg).toContain('l&apos;équipe &amp; co');
    assertWellFormedXml(svg);
    const png = renderPng(svg);
    expect(pngSize(png).width).toBe(900);
  });

  it('renders accented text with the bundled font', () => {
    const withLabel = (label: string) =>
      passRateChartSvg({ title: '', bars: [{ label, passRate: 0.5, total: 10, criterion: 'Cr7.1' }] });
    const accented = withLabel('Civilité é à ç');
    const empty = withLabel('');
    const plain = withLabel('Civilite e a c');
    // The labels are narrower than the label column's minimum: same layout, only the label differs.
    const position = /<text x="([\d.]+)" y="([\d.]+)" font-size="17" fill="#111827" text-anchor="end">Civilité é à ç<\/text>/.exec(accented);
    expect(position).not.toBeNull();
    const right = Number(position?.[1]);
    const baseline = Number(position?.[2]);
    const labelArea: Box = { left: 0, top: baseline - 20, right: right + 2, bottom: baseline + 8 };

    const a = decodePng(renderPng(accented));
    const againstEmpty = pixelDiff(a, decodePng(renderPng(empty)), labelArea);
    expect(againstEmpty.inside).toBeGreaterThan(300); // the glyphs are drawn
    expect(againstEmpty.outside).toBe(0); // and nothing else changes
    const againstPlain = pixelDiff(a, decodePng(renderPng(plain)), labelArea);
    expect(againstPlain.inside).toBeGreaterThan(10); // the accents themselves are drawn
    expect(againstPlain.outside).toBe(0);
  });

  it('says « Aucun résultat pour l’instant » when there is no bar', () => {
    const svg = passRateChartSvg({ title: 'Cohorte Automne 2026', subtitle: '0 apprenant', bars: [], threshold: 0.7 });
    expect(EMPTY_MESSAGE).toBe('Aucun résultat pour l’instant');
    expect(svg).toContain(`>${EMPTY_MESSAGE}</text>`);
    expect(svg).not.toContain('Seuil');
    assertWellFormedXml(svg);
    const png = renderPng(svg);
    expect(pngSize(png)).toEqual({ width: 900, height: svgHeight(svg) });
    // The message is drawn: it differs from the same chart with the message removed.
    const blank = decodePng(renderPng(svg.replace(`>${EMPTY_MESSAGE}<`, '><')));
    const diff = pixelDiff(decodePng(png), blank, { left: 0, top: 0, right: 900, bottom: blank.height });
    expect(diff.inside).toBeGreaterThan(300);
  });

  it('is deterministic: same input, same SVG and same PNG bytes', () => {
    const input = chart(15, { threshold: 0.8 });
    const svg = passRateChartSvg(input);
    expect(passRateChartSvg(structuredClone(input))).toBe(svg);
    expect(renderPng(passRateChartSvg(structuredClone(input))).equals(renderPng(svg))).toBe(true);
  });

  it('clamps rates, and shows « – » for a check with no answer', () => {
    const svg = passRateChartSvg({
      title: 'T',
      bars: [
        { label: 'trop', passRate: 1.7, total: 3, criterion: 'Cr7.1' },
        { label: 'négatif', passRate: -0.2, total: 3, criterion: 'Cr7.1' },
        { label: 'NaN', passRate: Number.NaN, total: 3, criterion: 'Cr7.1' },
        { label: 'vide', passRate: 0, total: 0, criterion: 'Cr7.2' },
        { label: 'presque', passRate: 0.996, total: 300, criterion: 'Cr7.2' },
      ],
    });
    expect(svg).toContain('>100\u202F%<tspan');
    expect(svg.match(/>0\u202F%<tspan/g)).toHaveLength(2);
    expect(svg).toContain('>–<tspan dx="10" fill="#4b5563">n = 0</tspan>');
    expect(svg).toContain('>99\u202F%<tspan'); // 99.6 % is not shown as 100 %
    expect(svg).not.toContain('NaN"');
    assertWellFormedXml(svg);
  });
});

describe('label wrapping', () => {
  it('wraps on words, then cuts with an ellipsis within the width', () => {
    const label = 'Reformulation du message de l’apprenant en une phrase neutre et bienveillante';
    const lines = wrapText(label, 200, 17, 2);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('Reformulation du');
    expect(lines[1]?.endsWith('…')).toBe(true);
    for (const line of lines) expect(textWidth(line, 17)).toBeLessThanOrEqual(200);
  });

  it('breaks a word longer than the line, without inventing a space', () => {
    const lines = wrapText('a'.repeat(80), 100, 17, 2);
    expect(lines).toHaveLength(2);
    expect(lines.join('').replace('…', '')).toMatch(/^a+$/);
  });

  it('keeps short text on one line', () => {
    expect(wrapText('Civilité', 200, 17, 2)).toEqual(['Civilité']);
    expect(wrapText('', 200, 17, 2)).toEqual([]);
  });
});
