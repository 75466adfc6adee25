/**
 * DNS names: instantiating a rule's domain patterns into concrete names, the near-miss
 * perturbations the issue asks for, and a small wildcard matcher used only to label the
 * generator's *intent* (the expected alerts themselves come from the reference interpreter).
 */
import type { Random } from './random.js';

/**
 * Elasticsearch's `:` on one value: anchored, `*` any run (including none), `?` exactly
 * one code point, ASCII-only case folding. Independent of the reference interpreter on
 * purpose: the corpus tests compare the two.
 */
export function wildcardMatches(pattern: string, value: string): boolean {
  const patternPoints = Array.from(pattern, foldAscii);
  const valuePoints = Array.from(value, foldAscii);
  let patternIndex = 0;
  let valueIndex = 0;
  let starIndex = -1;
  let resumeIndex = 0;
  while (valueIndex < valuePoints.length) {
    const token = patternPoints[patternIndex];
    if (token === '*') {
      starIndex = patternIndex++;
      resumeIndex = valueIndex;
    } else if (token !== undefined && (token === '?' || token === valuePoints[valueIndex])) {
      patternIndex++;
      valueIndex++;
    } else if (starIndex >= 0) {
      patternIndex = starIndex + 1;
      valueIndex = ++resumeIndex;
    } else {
      return false;
    }
  }
  while (patternPoints[patternIndex] === '*') patternIndex++;
  return patternIndex === patternPoints.length;
}

function foldAscii(point: string): string {
  const code = point.charCodeAt(0);
  return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : point;
}

export function matchesAny(patterns: readonly string[], value: string): boolean {
  for (const pattern of patterns) if (wildcardMatches(pattern, value)) return true;
  return false;
}

const AZURE_RESOURCES = ['contoso-eastus2', 'fabrikam-openai', 'my-aoai-prod', 'rg-ml-swedencentral', 'copilot-dev'];
const HF_SPACES = ['stabilityai-stable-diffusion', 'user123-chat-demo', 'lamehug-c2', 'gradio-whisper', 'qwen-qwen2-72b-instruct'];
const AWS_REGIONS = ['us-east-1', 'us-west-2', 'eu-central-1', 'ap-northeast-1', 'eu-west-3'];
const GENERIC_LABELS = ['api', 'app', 'eu', 'us-east', 'prod-7f3a', 'gpu-a100-01', 'proxy', 'chat'];

/** A concrete DNS name that the given wildcard pattern matches. */
export function instantiatePattern(pattern: string, random: Random): string {
  const lower = pattern.toLowerCase();
  let labels: readonly string[] = GENERIC_LABELS;
  if (lower.endsWith('.openai.azure.com')) labels = AZURE_RESOURCES;
  else if (lower.endsWith('.hf.space')) labels = HF_SPACES;
  else if (lower.startsWith('bedrock-runtime.')) labels = AWS_REGIONS;
  else if (lower.endsWith('.runpod.io')) labels = ['8ktv4r2pq1-8000.proxy', 'api', 'x7y8z9-11434.proxy'];
  let text = '';
  for (const character of pattern) {
    if (character === '*') text += random.pick(labels);
    else if (character === '?') text += String.fromCharCode(0x61 + random.int(26));
    else text += character;
  }
  return text;
}

/** Latin letters and a look-alike that no ASCII folding maps back to them. */
const LOOKALIKES: Record<string, string[]> = {
  a: ['\u0430'], // Cyrillic а
  c: ['\u0441'], // Cyrillic с
  e: ['\u0435'], // Cyrillic е
  i: ['\u0456'], // Cyrillic і
  k: ['\u212a'], // Kelvin sign: JavaScript's toLowerCase() turns it into "k"
  o: ['\u043e', '\u03bf'], // Cyrillic о, Greek ο
  p: ['\u0440'], // Cyrillic р
  s: ['\u017f'], // Latin long s: JavaScript's toUpperCase() turns it into "S"
  x: ['\u0445'], // Cyrillic х
  y: ['\u0443'], // Cyrillic у
  '.': ['\uff0e'], // fullwidth full stop
};

/** Replaces one character with a look-alike (preferring the case-folding traps k and s). */
export function lookalike(domain: string, random: Random): string {
  const characters = Array.from(domain);
  const traps = characters.map((character, index) => (character === 'k' || character === 's' ? index : -1)).filter((index) => index >= 0);
  const candidates = characters.map((character, index) => (LOOKALIKES[character] ? index : -1)).filter((index) => index >= 0);
  if (candidates.length === 0) return `${domain}\u200b`; // zero-width space: still a look-alike
  const index = traps.length > 0 && random.chance(0.5) ? random.pick(traps) : random.pick(candidates);
  characters[index] = random.pick(LOOKALIKES[characters[index] as string] as string[]);
  return characters.join('');
}

/** Names that differ from an LLM name by an anchor: a prefix, a suffix, a lookalike TLD. */
export function suffixVariant(domain: string, random: Random): string {
  switch (random.int(5)) {
    case 0:
      return `${domain}.attacker-cdn.net`;
    case 1:
      return `x${domain}`;
    case 2:
      return domain.replace(/\.(com|ai|io|co|cn|net|dev|xyz|sh|run|cloud|network|tech|solutions|aws)$/, '.co.uk');
    case 3:
      return domain.replace(/^[^.]+\./, '');
    default:
      return domain.replace('.', '-');
  }
}

/** Random ASCII casing for a DNS name (`API.OpenAI.com`): the rules fold ASCII case. */
export function randomCase(domain: string, random: Random): string {
  let text = '';
  for (const character of domain) text += character >= 'a' && character <= 'z' && random.chance(0.4) ? character.toUpperCase() : character;
  return text;
}
