/**
 * Surface forms of a Hunspell dictionary (.dic stems expanded with the .aff rules), for the
 * suggestion index of the speller (see spelling-suggest.ts). Only what dictionary-fr uses is read:
 * FLAG long or single-character flags, PFX/SFX with cross products, continuation classes on
 * suffixes (one more level), NEEDAFFIX, FORBIDDENWORD, NOSUGGEST and FULLSTRIP.
 *
 * Elisions (« l' », « qu' », « d'exa- »…) are prefixes in dictionary-fr: they are left out, the
 * speller splits them off before suggesting (« l'evenement » → « l' » + « événement »). Words
 * flagged NOSUGGEST (numbers, a few vulgar words) are left out too: they are never proposed.
 */

interface AffixRule {
  strip: string;
  add: string;
  /** Flags the derived word takes (continuation classes). */
  flags: readonly string[];
  condition: RegExp | undefined;
}

interface AffixClass {
  kind: 'PFX' | 'SFX';
  cross: boolean;
  rules: AffixRule[];
}

export interface AffixData {
  classes: Map<string, AffixClass>;
  needAffix: string | undefined;
  forbidden: string | undefined;
  noSuggest: string | undefined;
  flagMode: 'long' | 'char';
}

function splitFlags(flags: string, mode: AffixData['flagMode']): string[] {
  if (mode === 'char') return [...flags];
  const result: string[] = [];
  for (let index = 0; index + 1 < flags.length; index += 2) result.push(flags.slice(index, index + 2));
  return result;
}

/** A condition such as « [^sxz] », « [aeoœ]u » or « . », anchored at the end (suffix) or the start (prefix). */
function compileCondition(condition: string, kind: AffixClass['kind']): RegExp | undefined {
  if (condition === '.' || condition === '') return undefined;
  return new RegExp(kind === 'SFX' ? `${condition}$` : `^${condition}`, 'u');
}

export function parseAffixes(aff: string): AffixData {
  const data: AffixData = { classes: new Map(), needAffix: undefined, forbidden: undefined, noSuggest: undefined, flagMode: 'char' };
  for (const line of aff.split(/\r?\n/)) {
    const fields = line.split(/\s+/);
    const [keyword] = fields;
    if (keyword === 'FLAG' && fields[1] === 'long') data.flagMode = 'long';
    else if (keyword === 'NEEDAFFIX') data.needAffix = fields[1];
    else if (keyword === 'FORBIDDENWORD') data.forbidden = fields[1];
    else if (keyword === 'NOSUGGEST') data.noSuggest = fields[1];
    else if (keyword === 'PFX' || keyword === 'SFX') {
      const flag = fields[1]!;
      const existing = data.classes.get(flag);
      if (!existing && fields.length === 4) {
        data.classes.set(flag, { kind: keyword, cross: fields[2] === 'Y', rules: [] });
        continue;
      }
      if (!existing || fields.length < 5) continue;
      const [add = '', continuation = ''] = fields[3]!.split('/');
      existing.rules.push({
        strip: fields[2] === '0' ? '' : fields[2]!,
        add: add === '0' ? '' : add,
        flags: continuation ? splitFlags(continuation, data.flagMode) : [],
        condition: compileCondition(fields[4]!, keyword),
      });
    }
  }
  return data;
}

function applies(rule: AffixRule, word: string, kind: AffixClass['kind']): boolean {
  if (rule.strip && !(kind === 'SFX' ? word.endsWith(rule.strip) : word.startsWith(rule.strip))) return false;
  return rule.condition === undefined || rule.condition.test(word);
}

function apply(rule: AffixRule, word: string, kind: AffixClass['kind']): string {
  return kind === 'SFX' ? word.slice(0, word.length - rule.strip.length) + rule.add : rule.add + word.slice(rule.strip.length);
}

/** Elided prefixes (« l' », « d'exa ») are not indexed: the speller splits elisions off. */
const isElision = (rule: AffixRule): boolean => rule.add.includes("'") || rule.add.includes('’');

/**
 * Every surface form of the dictionary, each once, in the order first met (deterministic for
 * the same files). Forms of stems flagged FORBIDDENWORD or NOSUGGEST are left out.
 */
export function expandDictionary(aff: string, dic: string): string[] {
  const data = parseAffixes(aff);
  const forms = new Set<string>();
  const lines = dic.split(/\r?\n/);
  // The first line is the number of stems.
  for (let index = 1; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (!line) continue;
    const slash = line.indexOf('/');
    const stem = slash < 0 ? line.trim() : line.slice(0, slash);
    const flags = slash < 0 ? [] : splitFlags(line.slice(slash + 1).trim().split(/\s/)[0]!, data.flagMode);
    if (flags.includes(data.forbidden ?? '\0') || flags.includes(data.noSuggest ?? '\0')) continue;
    if (!flags.includes(data.needAffix ?? '\0')) forms.add(stem);
    expandStem(data, stem, flags, forms);
  }
  return [...forms];
}

function expandStem(data: AffixData, stem: string, flags: readonly string[], forms: Set<string>): void {
  const prefixes: AffixClass[] = [];
  for (const flag of flags) {
    const affix = data.classes.get(flag);
    if (affix?.kind === 'PFX') prefixes.push(affix);
  }
  for (const flag of flags) {
    const affix = data.classes.get(flag);
    if (affix?.kind !== 'SFX') continue;
    for (const rule of affix.rules) {
      if (!applies(rule, stem, 'SFX')) continue;
      const form = apply(rule, stem, 'SFX');
      const needsMore = data.needAffix !== undefined && rule.flags.includes(data.needAffix);
      if (!needsMore) forms.add(form);
      // Continuation classes: a second suffix, or prefixes on the derived word.
      for (const next of rule.flags) {
        const further = data.classes.get(next);
        if (!further) continue;
        if (further.kind === 'SFX') {
          for (const second of further.rules) if (applies(second, form, 'SFX')) forms.add(apply(second, form, 'SFX'));
        } else addPrefixed(data, further, form, forms, false);
      }
      if (affix.cross) for (const prefix of prefixes) if (prefix.cross) addPrefixed(data, prefix, form, forms, false);
    }
  }
  const needsAffix = data.needAffix !== undefined && flags.includes(data.needAffix);
  for (const prefix of prefixes) addPrefixed(data, prefix, stem, forms, needsAffix);
}

/** A prefix's forms, and those of the suffixes its continuation classes bring (« yotta » + « s »). */
function addPrefixed(data: AffixData, affix: AffixClass, word: string, forms: Set<string>, needsMore: boolean): void {
  for (const rule of affix.rules) {
    if (isElision(rule) || !applies(rule, word, 'PFX')) continue;
    const form = apply(rule, word, 'PFX');
    if (!needsMore && !(data.needAffix !== undefined && rule.flags.includes(data.needAffix))) forms.add(form);
    for (const next of rule.flags) {
      const further = data.classes.get(next);
      if (further?.kind !== 'SFX') continue;
      for (const second of further.rules) if (applies(second, form, 'SFX')) forms.add(apply(second, form, 'SFX'));
    }
  }
}
