import type { Check } from '../types.js';
import { action } from './action.js';
import { civility } from './civility.js';
import { coverage } from './coverage.js';
import { detection } from './detection.js';
import { emoji } from './emoji.js';
import { forbiddenTerms } from './forbidden-terms.js';
import { justification } from './justification.js';
import { length } from './length.js';
import { personalData } from './personal-data.js';
import { privateRedirect } from './private-redirect.js';
import { register } from './register.js';
import { replyPresent } from './reply-present.js';
import { signature } from './signature.js';
import { spelling } from './spelling.js';
import { unsupportedFacts } from './unsupported-facts.js';

/** Every check of the score, in the order feedback lists them. */
export const CHECKS: readonly Check[] = [
  detection,
  action,
  justification,
  replyPresent,
  register,
  signature,
  forbiddenTerms,
  civility,
  unsupportedFacts,
  coverage,
  personalData,
  privateRedirect,
  length,
  emoji,
  spelling,
];
