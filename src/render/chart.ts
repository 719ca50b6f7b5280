/**
 * A cohort's pass rate per check, as a horizontal bar chart: a hand-made SVG (pure, deterministic)
 * and its PNG (resvg, with the bundled DejaVu Sans: no system font is ever looked up).
 *
 * Layout, top to bottom: title, subtitle, legend (criteria, threshold), one bar per check in the
 * order given, then the 0–100 % axis. Labels sit on the left, right-aligned against the bars; the
 * percentage and « n = … » follow the end of each bar. Text widths are estimated from DejaVu Sans'
 * own advance widths (table below), so long labels wrap on two lines and are cut with « … »
 * rather than overflowing.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

export type Criterion = 'Cr7.1' | 'Cr7.2';

export interface PassRateBar {
  /** The check, e.g. « Registre (tu/vous) ». Comes from data: escaped, never trusted. */
  label: string;
  /** 0..1; clamped, NaN counts as 0. */
  passRate: number;
  /** Number of graded answers behind the rate (« n = 34 »). */
  total: number;
  criterion: Criterion;
}

export interface PassRateChart {
  /** E.g. « Cohorte Printemps 2027 — taux de réussite par vérification ». */
  title: string;
  /** E.g. « 12 apprenants · 18 exercices rendus · au 28/11/2026 ». */
  subtitle?: string;
  /** Drawn top to bottom in the order given. */
  bars: PassRateBar[];
  /** Pass threshold, 0..1: a dashed vertical line across the bars, and a legend entry. */
  threshold?: number;
}

/** The bundled font: DejaVu Sans 2.37 (Bitstream Vera licence, see assets/fonts/LICENSE-DejaVu.txt). */
export const CHART_FONT_FILE = fileURLToPath(
  new URL('../../assets/fonts/DejaVuSans.ttf', import.meta.url),
);
const FONT_FAMILY = 'DejaVu Sans';

export const CHART_WIDTH = 900;
export const EMPTY_MESSAGE = 'Aucun résultat pour l’instant';

const CRITERIA: ReadonlyArray<{ id: Criterion; color: string; legend: string }> = [
  // Titles as in src/engine/present.ts.
  { id: 'Cr7.1', color: '#2563eb', legend: 'Cr7.1 · Identifier et justifier les commentaires à modérer' },
  { id: 'Cr7.2', color: '#ea580c', legend: 'Cr7.2 · Rédiger les réponses selon la charte' },
];

const COLOR = {
  background: '#ffffff',
  text: '#111827',
  muted: '#4b5563',
  grid: '#e5e7eb',
  axis: '#9ca3af',
  threshold: '#b91c1c',
};

const PAD = 28;
// Sizes chosen to stay legible when Slack shrinks the 900 px image into its preview.
const TITLE = { size: 24, line: 30, maxLines: 2 };
const SUBTITLE = { size: 16, line: 21, maxLines: 2 };
const LEGEND = { size: 15, height: 22, swatch: 15, gap: 26 };
const LABEL = { size: 17, line: 19, maxLines: 2, minWidth: 170, maxWidth: 310 };
const VALUE = { size: 16, spacing: 10 }; // spacing: between « 75 % » and « n = 34 »
const AXIS = { size: 14 };
const ROW_HEIGHT = 44;
const BAR_HEIGHT = 28;
const GAP = 12; // between the labels and the bars, and after a bar's end

const NNBSP = '\u202F'; // espace fine insécable: « 75 % », « 1 234 »

export function passRateChartSvg(input: PassRateChart): string {
  const contentWidth = CHART_WIDTH - 2 * PAD;
  const parts: string[] = [];
  let y = PAD;

  // Title and subtitle.
  const titleLines = wrapText(clean(input.title), contentWidth, TITLE.size, TITLE.maxLines);
  for (const line of titleLines) {
    y += TITLE.line;
    parts.push(text(PAD, y - 6, line, { size: TITLE.size, fill: COLOR.text }));
  }
  const subtitleLines = wrapText(clean(input.subtitle ?? ''), contentWidth, SUBTITLE.size, SUBTITLE.maxLines);
  if (subtitleLines.length > 0) y += 4;
  for (const line of subtitleLines) {
    y += SUBTITLE.line;
    parts.push(text(PAD, y - 5, line, { size: SUBTITLE.size, fill: COLOR.muted }));
  }

  if (input.bars.length === 0) {
    const boxTop = y + 24;
    const boxHeight = 120;
    const height = boxTop + boxHeight + PAD;
    parts.push(
      `<rect x="${PAD}" y="${boxTop}" width="${contentWidth}" height="${boxHeight}" rx="8" fill="#f9fafb" stroke="${COLOR.grid}"/>`,
      text(CHART_WIDTH / 2, boxTop + boxHeight / 2 + 7, EMPTY_MESSAGE, {
        size: 20,
        fill: COLOR.muted,
        anchor: 'middle',
      }),
    );
    return document(height, input.title, parts);
  }

  const threshold = input.threshold === undefined ? undefined : clampRate(input.threshold);
  const bars = input.bars.map((bar) => {
    const rate = clampRate(bar.passRate);
    const total = Number.isFinite(bar.total) ? Math.max(0, Math.round(bar.total)) : 0;
    return {
      label: clean(bar.label),
      rate,
      criterion: bar.criterion,
      percent: total === 0 ? '–' : formatPercent(rate),
      count: `n = ${formatInteger(total)}`,
    };
  });

  // Legend: the criteria present, in a fixed order, then the threshold; wraps onto more rows.
  const legendItems: Array<{ label: string; markWidth: number; mark: (x: number, middle: number) => string }> = [];
  for (const criterion of CRITERIA) {
    if (!bars.some((bar) => bar.criterion === criterion.id)) continue;
    legendItems.push({
      label: criterion.legend,
      markWidth: LEGEND.swatch,
      mark: (x, middle) =>
        `<rect x="${fmt(x)}" y="${fmt(middle - LEGEND.swatch / 2)}" width="${LEGEND.swatch}" height="${LEGEND.swatch}" rx="2" fill="${criterion.color}"/>`,
    });
  }
  if (threshold !== undefined) {
    legendItems.push({
      label: `Seuil de réussite : ${formatPercent(threshold)}`,
      markWidth: 22,
      mark: (x, middle) =>
        `<line x1="${fmt(x)}" y1="${fmt(middle)}" x2="${fmt(x + 22)}" y2="${fmt(middle)}" stroke="${COLOR.threshold}" stroke-width="2" stroke-dasharray="5 4"/>`,
    });
  }
  y += 14;
  let legendX = PAD;
  for (const item of legendItems) {
    const width = item.markWidth + 7 + textWidth(item.label, LEGEND.size);
    if (legendX > PAD && legendX + width > CHART_WIDTH - PAD) {
      legendX = PAD;
      y += LEGEND.height + 4;
    }
    const middle = y + LEGEND.height / 2;
    parts.push(
      item.mark(legendX, middle),
      text(legendX + item.markWidth + 7, middle + 5, item.label, { size: LEGEND.size, fill: COLOR.text }),
    );
    legendX += width + LEGEND.gap;
  }
  y += LEGEND.height + 18;

  // Horizontal layout: label column sized to the labels (within bounds), value column to the values.
  const widestLabel = Math.max(...bars.map((bar) => textWidth(bar.label, LABEL.size)));
  const labelWidth = Math.ceil(Math.min(LABEL.maxWidth, Math.max(LABEL.minWidth, widestLabel)));
  const widestValue = Math.max(
    ...bars.map((bar) => textWidth(bar.percent, VALUE.size) + VALUE.spacing + textWidth(bar.count, VALUE.size)),
    textWidth(`100${NNBSP}%`, AXIS.size) / 2,
  );
  const plotLeft = PAD + labelWidth + GAP;
  const plotRight = CHART_WIDTH - PAD - Math.ceil(widestValue) - GAP;
  const plotWidth = plotRight - plotLeft;
  const plotTop = y;
  const plotBottom = plotTop + bars.length * ROW_HEIGHT;
  const xOf = (rate: number): number => plotLeft + rate * plotWidth;

  // Gridlines every 10 %, axis labels every 20 %.
  for (let tick = 0; tick <= 10; tick += 1) {
    const x = fmt(xOf(tick / 10));
    const color = tick === 0 ? COLOR.axis : COLOR.grid;
    parts.push(`<line x1="${x}" y1="${plotTop}" x2="${x}" y2="${plotBottom}" stroke="${color}" stroke-width="1"/>`);
    if (tick % 2 === 0) {
      parts.push(
        `<line x1="${x}" y1="${plotBottom}" x2="${x}" y2="${plotBottom + 5}" stroke="${COLOR.axis}" stroke-width="1"/>`,
        text(xOf(tick / 10), plotBottom + 20, `${tick * 10}${NNBSP}%`, {
          size: AXIS.size,
          fill: COLOR.muted,
          anchor: 'middle',
        }),
      );
    }
  }
  parts.push(
    `<line x1="${plotLeft}" y1="${plotBottom}" x2="${plotRight}" y2="${plotBottom}" stroke="${COLOR.axis}" stroke-width="1"/>`,
  );

  // Bars first, then the threshold over them, then the text over both.
  const texts: string[] = [];
  bars.forEach((bar, index) => {
    const center = plotTop + index * ROW_HEIGHT + ROW_HEIGHT / 2;
    const color = CRITERIA.find((criterion) => criterion.id === bar.criterion)?.color ?? COLOR.muted;
    const barWidth = bar.rate * plotWidth;
    if (barWidth > 0) {
      parts.push(
        `<rect x="${plotLeft}" y="${fmt(center - BAR_HEIGHT / 2)}" width="${fmt(barWidth)}" height="${BAR_HEIGHT}" fill="${color}"/>`,
      );
    }
    const lines = wrapText(bar.label, labelWidth, LABEL.size, LABEL.maxLines);
    const firstBaseline = center + 6 - ((lines.length - 1) * LABEL.line) / 2;
    lines.forEach((line, lineIndex) => {
      texts.push(
        text(PAD + labelWidth, firstBaseline + lineIndex * LABEL.line, line, {
          size: LABEL.size,
          fill: COLOR.text,
          anchor: 'end',
        }),
      );
    });
    texts.push(
      // A white halo keeps the figures readable where they cross a gridline or the threshold.
      `<text x="${fmt(plotLeft + barWidth + 6)}" y="${fmt(center + 6)}" font-size="${VALUE.size}" fill="${COLOR.text}"` +
        ` stroke="${COLOR.background}" stroke-width="4" stroke-linejoin="round" paint-order="stroke">` +
        `${escapeXml(bar.percent)}<tspan dx="${VALUE.spacing}" fill="${COLOR.muted}">${escapeXml(bar.count)}</tspan></text>`,
    );
  });
  if (threshold !== undefined) {
    const x = fmt(xOf(threshold));
    parts.push(
      `<line x1="${x}" y1="${plotTop - 6}" x2="${x}" y2="${plotBottom}" stroke="${COLOR.threshold}" stroke-width="2" stroke-dasharray="6 4"/>`,
    );
  }
  parts.push(...texts);

  const height = plotBottom + 20 + PAD;
  return document(height, input.title, parts);
}

/** Rasterises an SVG made by {@link passRateChartSvg}, at its own size, with the bundled font only. */
export function renderPng(svg: string): Buffer {
  if (!existsSync(CHART_FONT_FILE)) {
    throw new Error(`Police introuvable pour le graphique : ${CHART_FONT_FILE}`);
  }
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'original' },
    font: {
      loadSystemFonts: false,
      fontFiles: [CHART_FONT_FILE],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  });
  return resvg.render().asPng();
}

// ---------------------------------------------------------------------------------------------
// SVG pieces

function document(height: number, title: string, parts: string[]): string {
  const h = Math.ceil(height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${h}" viewBox="0 0 ${CHART_WIDTH} ${h}"` +
      ` font-family="${FONT_FAMILY}" role="img">`,
    `<title>${escapeXml(clean(title))}</title>`,
    `<rect width="${CHART_WIDTH}" height="${h}" fill="${COLOR.background}"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function text(
  x: number,
  y: number,
  content: string,
  style: { size: number; fill: string; anchor?: 'start' | 'middle' | 'end' },
): string {
  const anchor = style.anchor && style.anchor !== 'start' ? ` text-anchor="${style.anchor}"` : '';
  return `<text x="${fmt(x)}" y="${fmt(y)}" font-size="${style.size}" fill="${style.fill}"${anchor}>${escapeXml(content)}</text>`;
}

/** Numbers in the SVG: at most two decimals, no trailing zeros, never « -0 ». */
function fmt(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

/** Escapes the five XML specials; meant for text content and attribute values alike. */
export function escapeXml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/**
 * Text from data, made safe for XML 1.0 and for one-line display: characters XML forbids
 * (C0 controls, lone surrogates, U+FFFE/U+FFFF) are dropped, whitespace runs become one space.
 */
function clean(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Numbers in French

function clampRate(rate: number): number {
  if (!Number.isFinite(rate)) return rate === Infinity ? 1 : 0;
  return Math.min(1, Math.max(0, rate));
}

/** « 75 % »; never shows 100 % for a rate below 1, nor 0 % for a rate above 0. */
function formatPercent(rate: number): string {
  let percent = Math.round(rate * 100);
  if (percent === 100 && rate < 1) percent = 99;
  if (percent === 0 && rate > 0) percent = 1;
  return `${percent}${NNBSP}%`;
}

/** « 34 », « 1 234 » (thin no-break space between groups of three). */
function formatInteger(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP);
}

// ---------------------------------------------------------------------------------------------
// Text measurement with DejaVu Sans' advance widths

/** Advance widths of U+0020..U+007E in DejaVu Sans, in thousandths of an em (from its hmtx table). */
const ASCII_ADVANCE = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636,
  636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775,
  752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390,
  337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
  635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];
const OTHER_ADVANCE: Readonly<Record<string, number>> = {
  '\u00A0': 318, [NNBSP]: 200, '’': 318, '‘': 318, '«': 612, '»': 612, '—': 1000, '–': 500,
  '·': 318, '…': 1000, 'œ': 1023, 'Œ': 1070, '€': 636, '“': 518, '”': 518,
};
/** For anything else (CJK, emoji…): wide, so that estimates err on the side of wrapping. */
const DEFAULT_ADVANCE = 1000;

function charAdvance(char: string): number {
  const known = OTHER_ADVANCE[char];
  if (known !== undefined) return known;
  // Accented Latin letters are as wide as their base letter: « é » → « e » + a combining mark.
  const base = char.normalize('NFD').replace(/[\u0300-\u036F]/g, '');
  if (base.length === 1) {
    const code = base.charCodeAt(0);
    if (code >= 0x20 && code <= 0x7e) return ASCII_ADVANCE[code - 0x20] ?? DEFAULT_ADVANCE;
  }
  if (base.length === 0) return 0; // a lone combining mark
  return DEFAULT_ADVANCE;
}

export function textWidth(value: string, fontSize: number): number {
  let total = 0;
  for (const char of value) total += charAdvance(char);
  return (total * fontSize) / 1000;
}

/**
 * Greedy word wrap within `maxWidth`; a word too long for a line is broken between characters.
 * Past `maxLines`, the last line is cut and ends with « … ».
 */
export function wrapText(value: string, maxWidth: number, fontSize: number, maxLines: number): string[] {
  if (value === '') return [];
  const chars = Array.from(value);
  // Nothing past a few hundred characters can be shown anyway; keep the work bounded.
  const source = chars.length > 600 ? chars.slice(0, 600).join('') : value;
  const fits = (candidate: string): boolean => textWidth(candidate, fontSize) <= maxWidth;
  const lines: string[] = [];
  /** brokenWord[i]: line i ends inside a word (so joining it to the next needs no space). */
  const brokenWord: boolean[] = [];
  let current = '';
  for (const word of source.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (current !== '') {
      lines.push(current);
      brokenWord.push(false);
    }
    current = '';
    for (const char of word) {
      if (current !== '' && !fits(current + char)) {
        lines.push(current);
        brokenWord.push(true);
        current = '';
      }
      current += char;
    }
  }
  if (current !== '') lines.push(current);
  if (lines.length <= maxLines && source === value) return lines;

  const kept = lines.slice(0, maxLines);
  const lastIndex = kept.length - 1;
  const next = lines[lastIndex + 1] ?? '';
  let last = (kept[lastIndex] ?? '') + (next === '' ? '' : brokenWord[lastIndex] ? next : ` ${next}`);
  while (last.length > 0 && !fits(`${last.trimEnd()}…`)) last = Array.from(last).slice(0, -1).join('');
  kept[lastIndex] = `${last.trimEnd()}…`;
  return kept;
}
