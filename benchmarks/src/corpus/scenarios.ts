/**
 * What each DNS lookup in the corpus is about: everyday background, or an LLM domain
 * looked up by a benign app, by a process the rules are meant to catch (positive), or
 * by something that comes close without alerting (near miss).
 *
 * Every LLM scenario states its *intent* for each bundled rule: whether the rule's
 * clauses other than the domain list hold (`side`). Combined with an independent
 * wildcard match of the name against the rule's domain patterns this predicts the
 * verdict; the tests hold that prediction against the reference interpreter, so a
 * generator that drifts (a "positive" that no longer alerts) is caught.
 */
import {
  EVERYDAY_DOMAINS,
  MACOS_EXCLUDED_SIGNERS,
  MACOS_LISTED_FOLDER_BINARIES,
  MACOS_LLM_BENIGN,
  MACOS_SCRIPTING_HOSTS,
  MACOS_UNLISTED_FOLDER_BINARIES,
  type OperatingSystem,
  type ProcessTemplate,
  WINDOWS_AUTOIT,
  WINDOWS_CURRENT_ONLY_HOSTS,
  WINDOWS_DOS_EXTENSIONS,
  WINDOWS_EXCLUDED_BROWSER_PATHS,
  WINDOWS_EXCLUDED_SIGNERS,
  WINDOWS_LLM_BENIGN,
  WINDOWS_NODE_OPENJS,
  WINDOWS_NODE_UNSIGNED,
  WINDOWS_PROGRAM_FILES_RUNTIMES,
  WINDOWS_SCRIPTING_HOSTS,
  WINDOWS_SIGNED_USER_APPS,
  WINDOWS_UNSIGNED_PYTHONW,
  WINDOWS_USER_FOLDER_BINARIES,
} from './catalogue.js';
import { instantiatePattern, lookalike, matchesAny, randomCase, suffixVariant } from './domains.js';
import type { Random } from './random.js';
import { WeightedChoice } from './random.js';
import type { CorpusRule } from './rules.js';
import { type Host, type ProcessInstance, type Source, startProcess } from './world.js';

export type ScenarioKind = 'background' | 'benign' | 'positive' | 'near-miss';

/** How the looked-up name is chosen. */
type DomainMode = 'llm' | 'llm-chat' | 'azure-bare' | 'trailing-dot' | 'lookalike' | 'suffix';

/** Rule ids the scenario intents speak about (the bundled pack). */
export const CURRENT_RULE = 'llm-endpoints';
export const V2_RULE = 'llm-endpoints@v2';

type Side = Record<typeof CURRENT_RULE | typeof V2_RULE, boolean>;
const BOTH: Side = { [CURRENT_RULE]: true, [V2_RULE]: true };
const NEITHER: Side = { [CURRENT_RULE]: false, [V2_RULE]: false };
const CURRENT_ONLY: Side = { [CURRENT_RULE]: true, [V2_RULE]: false };
const V2_ONLY: Side = { [CURRENT_RULE]: false, [V2_RULE]: true };

export interface Scenario {
  label: string;
  kind: Exclude<ScenarioKind, 'background'>;
  os: OperatingSystem;
  sources: readonly Source[];
  templates: readonly ProcessTemplate[];
  /** Whether each bundled rule's clauses other than the domain list hold for these processes. */
  side: Side;
  domain: DomainMode;
  weight: number;
  /** Render the host without `host.os.type`. */
  dropOsType?: boolean;
}

const ALL: readonly Source[] = ['defend', 'sysmon', 'sentinelone'];
const SIGNATURE_SOURCES: readonly Source[] = ['defend', 'sentinelone'];

const unsignedOnly = (templates: readonly ProcessTemplate[]) => templates.filter((template) => !template.signature.exists);
const untrustedSigned = (templates: readonly ProcessTemplate[]) =>
  templates.filter((template) => template.signature.exists && template.signature.trusted === false);

/**
 * SentinelOne reports only `code_signature.exists`, Sysmon no signature at all: a
 * scenario lists the sources for which its intent holds.
 */
export const SCENARIOS: readonly Scenario[] = [
  // Positives: Windows, both rules.
  {
    label: 'positive/scripting-host',
    kind: 'positive',
    os: 'windows',
    sources: ALL,
    templates: WINDOWS_SCRIPTING_HOSTS,
    side: BOTH,
    domain: 'llm',
    weight: 6,
  },
  {
    label: 'positive/dos-extension',
    kind: 'positive',
    os: 'windows',
    sources: ALL,
    templates: WINDOWS_DOS_EXTENSIONS,
    side: BOTH,
    domain: 'llm',
    weight: 0.5,
  },
  {
    label: 'positive/unsigned-user-binary',
    kind: 'positive',
    os: 'windows',
    sources: SIGNATURE_SOURCES,
    templates: unsignedOnly(WINDOWS_USER_FOLDER_BINARIES),
    side: BOTH,
    domain: 'llm',
    weight: 2,
  },
  {
    label: 'positive/untrusted-user-binary',
    kind: 'positive',
    os: 'windows',
    sources: ['defend'],
    templates: untrustedSigned(WINDOWS_USER_FOLDER_BINARIES),
    side: BOTH,
    domain: 'llm',
    weight: 1,
  },
  {
    label: 'positive/autoit',
    kind: 'positive',
    os: 'windows',
    sources: ['defend'],
    templates: [WINDOWS_AUTOIT],
    side: BOTH,
    domain: 'llm',
    weight: 0.3,
  },
  {
    label: 'positive/node-unsigned',
    kind: 'positive',
    os: 'windows',
    sources: ALL,
    templates: [WINDOWS_NODE_UNSIGNED],
    side: BOTH,
    domain: 'llm',
    weight: 1,
  },
  // Positives of one rule version only.
  {
    label: 'positive/node-openjs-signed',
    kind: 'positive',
    os: 'windows',
    sources: ['defend'],
    templates: [WINDOWS_NODE_OPENJS],
    side: V2_ONLY,
    domain: 'llm',
    weight: 0.7,
  },
  {
    label: 'positive/current-only-runtime',
    kind: 'positive',
    os: 'windows',
    sources: ALL,
    templates: WINDOWS_CURRENT_ONLY_HOSTS,
    side: CURRENT_ONLY,
    domain: 'llm',
    weight: 1,
  },
  {
    label: 'positive/pythonw-unsigned',
    kind: 'positive',
    os: 'windows',
    sources: ALL,
    templates: [WINDOWS_UNSIGNED_PYTHONW],
    side: CURRENT_ONLY,
    domain: 'llm',
    weight: 0.5,
  },
  // Positives: macOS (the v2 rule is Windows-only).
  {
    label: 'positive/macos-scripting-host',
    kind: 'positive',
    os: 'macos',
    sources: SIGNATURE_SOURCES,
    templates: MACOS_SCRIPTING_HOSTS,
    side: CURRENT_ONLY,
    domain: 'llm',
    weight: 4,
  },
  {
    label: 'positive/macos-listed-folder-binary',
    kind: 'positive',
    os: 'macos',
    sources: ['defend'],
    templates: MACOS_LISTED_FOLDER_BINARIES,
    side: CURRENT_ONLY,
    domain: 'llm',
    weight: 1,
  },
  {
    label: 'positive/macos-listed-folder-binary',
    kind: 'positive',
    os: 'macos',
    sources: ['sentinelone'],
    templates: unsignedOnly(MACOS_LISTED_FOLDER_BINARIES),
    side: CURRENT_ONLY,
    domain: 'llm',
    weight: 1,
  },

  // Near misses by name: the process would alert, the name does not match.
  {
    label: 'near-miss/azure-without-subdomain',
    kind: 'near-miss',
    os: 'windows',
    sources: ALL,
    templates: WINDOWS_SCRIPTING_HOSTS,
    side: BOTH,
    domain: 'azure-bare',
    weight: 1,
  },
  {
    label: 'near-miss/trailing-dot',
    kind: 'near-miss',
    os: 'windows',
    sources: ALL,
    templates: WINDOWS_SCRIPTING_HOSTS,
    side: BOTH,
    domain: 'trailing-dot',
    weight: 1,
  },
  {
    label: 'near-miss/lookalike-unicode',
    kind: 'near-miss',
    os: 'windows',
    sources: ALL,
    templates: WINDOWS_SCRIPTING_HOSTS,
    side: BOTH,
    domain: 'lookalike',
    weight: 1,
  },
  {
    label: 'near-miss/lookalike-name',
    kind: 'near-miss',
    os: 'windows',
    sources: ALL,
    templates: WINDOWS_SCRIPTING_HOSTS,
    side: BOTH,
    domain: 'suffix',
    weight: 1,
  },
  {
    label: 'near-miss/trailing-dot',
    kind: 'near-miss',
    os: 'macos',
    sources: SIGNATURE_SOURCES,
    templates: MACOS_SCRIPTING_HOSTS,
    side: CURRENT_ONLY,
    domain: 'trailing-dot',
    weight: 1,
  },
  {
    label: 'near-miss/lookalike-unicode',
    kind: 'near-miss',
    os: 'macos',
    sources: SIGNATURE_SOURCES,
    templates: MACOS_SCRIPTING_HOSTS,
    side: CURRENT_ONLY,
    domain: 'lookalike',
    weight: 1,
  },
  {
    label: 'near-miss/azure-without-subdomain',
    kind: 'near-miss',
    os: 'macos',
    sources: SIGNATURE_SOURCES,
    templates: MACOS_SCRIPTING_HOSTS,
    side: CURRENT_ONLY,
    domain: 'azure-bare',
    weight: 0.5,
  },
  // Near misses by process: the name matches, an exclusion or a missing field saves it.
  {
    label: 'near-miss/program-files',
    kind: 'near-miss',
    os: 'windows',
    sources: ALL,
    templates: WINDOWS_PROGRAM_FILES_RUNTIMES,
    side: NEITHER,
    domain: 'llm',
    weight: 1.5,
  },
  {
    label: 'near-miss/trusted-excluded-signer',
    kind: 'near-miss',
    os: 'windows',
    sources: ['defend'],
    templates: WINDOWS_EXCLUDED_SIGNERS,
    side: NEITHER,
    domain: 'llm',
    weight: 1,
  },
  {
    label: 'near-miss/missing-os-type',
    kind: 'near-miss',
    os: 'windows',
    sources: ['sysmon'],
    templates: WINDOWS_SCRIPTING_HOSTS,
    side: NEITHER,
    domain: 'llm',
    weight: 1,
    dropOsType: true,
  },
  {
    label: 'near-miss/excluded-browser-path',
    kind: 'near-miss',
    os: 'windows',
    sources: ['defend'],
    templates: WINDOWS_EXCLUDED_BROWSER_PATHS,
    side: NEITHER,
    domain: 'llm-chat',
    weight: 1,
  },
  {
    label: 'near-miss/excluded-browser-path',
    kind: 'near-miss',
    os: 'windows',
    sources: ['sentinelone'],
    templates: unsignedOnly(WINDOWS_EXCLUDED_BROWSER_PATHS),
    side: NEITHER,
    domain: 'llm-chat',
    weight: 1,
  },
  {
    label: 'near-miss/user-binary-without-signature',
    kind: 'near-miss',
    os: 'windows',
    sources: ['sysmon'],
    templates: WINDOWS_USER_FOLDER_BINARIES,
    side: NEITHER,
    domain: 'llm',
    weight: 1,
  },
  {
    label: 'near-miss/user-binary-partial-signature',
    kind: 'near-miss',
    os: 'windows',
    sources: ['sentinelone'],
    templates: untrustedSigned(WINDOWS_USER_FOLDER_BINARIES),
    side: NEITHER,
    domain: 'llm',
    weight: 1,
  },
  {
    label: 'near-miss/macos-unlisted-folder',
    kind: 'near-miss',
    os: 'macos',
    sources: ['defend'],
    templates: MACOS_UNLISTED_FOLDER_BINARIES,
    side: NEITHER,
    domain: 'llm',
    weight: 1,
  },
  {
    label: 'near-miss/macos-unlisted-folder',
    kind: 'near-miss',
    os: 'macos',
    sources: ['sentinelone'],
    templates: unsignedOnly(MACOS_UNLISTED_FOLDER_BINARIES),
    side: NEITHER,
    domain: 'llm',
    weight: 1,
  },
  {
    label: 'near-miss/macos-excluded-signer',
    kind: 'near-miss',
    os: 'macos',
    sources: ['defend'],
    templates: MACOS_EXCLUDED_SIGNERS,
    side: NEITHER,
    domain: 'llm',
    weight: 1,
  },

  // Benign: browsers and signed apps, mostly chat portals.
  {
    label: 'benign/browser-or-app',
    kind: 'benign',
    os: 'windows',
    sources: ALL,
    templates: WINDOWS_LLM_BENIGN,
    side: NEITHER,
    domain: 'llm-chat',
    weight: 6,
  },
  {
    label: 'benign/signed-user-app',
    kind: 'benign',
    os: 'windows',
    sources: ALL,
    templates: WINDOWS_SIGNED_USER_APPS,
    side: NEITHER,
    domain: 'llm',
    weight: 1,
  },
  {
    label: 'benign/macos-app',
    kind: 'benign',
    os: 'macos',
    sources: SIGNATURE_SOURCES,
    templates: MACOS_LLM_BENIGN,
    side: NEITHER,
    domain: 'llm-chat',
    weight: 4,
  },
];

/** The LLM domain patterns of the loaded rules, grouped for picking names. */
export class DomainPool {
  readonly rules: readonly CorpusRule[];
  private readonly common: string[];
  private readonly any: string[];
  private readonly chat: string[];
  private readonly everyday: string[];

  constructor(rules: readonly CorpusRule[]) {
    this.rules = rules;
    const union: string[] = [];
    const kinds = new Map<string, string>();
    for (const rule of rules) {
      for (const pattern of rule.domainPatterns) if (!union.includes(pattern)) union.push(pattern);
      for (const [pattern, kind] of rule.providerKinds) kinds.set(pattern, kind);
    }
    if (union.length === 0) throw new Error('the loaded rules name no dns.question.name patterns to build LLM lookups from');
    this.any = union;
    this.common = union.filter((pattern) => rules.every((rule) => rule.domainPatterns.includes(pattern)));
    if (this.common.length === 0) this.common = union;
    this.chat = union.filter((pattern) => kinds.get(pattern) === 'consumer-chat');
    if (this.chat.length === 0) this.chat = union;
    // Everyday names must never alert: drop any a loaded rule would match.
    this.everyday = EVERYDAY_DOMAINS.filter((name) => !rules.some((rule) => matchesAny(rule.domainPatterns, name)));
  }

  everydayName(random: Random): string {
    return random.pick(this.everyday);
  }

  /** An LLM name; three in four come from patterns every loaded rule lists. */
  llmName(random: Random, preferChat: boolean): string {
    const source = preferChat && random.chance(0.7) ? this.chat : random.chance(0.75) ? this.common : this.any;
    return instantiatePattern(random.pick(source), random);
  }

  /** True when no loaded rule's domain list matches the name. */
  unmatched(name: string): boolean {
    return !this.rules.some((rule) => matchesAny(rule.domainPatterns, name));
  }

  /** A near-miss name; retried until no loaded rule matches it. */
  nearMissName(random: Random, mode: 'azure-bare' | 'trailing-dot' | 'lookalike' | 'suffix'): string {
    let candidate = 'openai.azure.com';
    for (let attempt = 0; attempt < 20; attempt++) {
      const base = this.llmName(random, false);
      if (mode === 'azure-bare') candidate = random.chance(0.8) ? 'openai.azure.com' : 'OpenAI.Azure.com';
      else if (mode === 'trailing-dot') candidate = `${base}.`;
      else if (mode === 'lookalike') candidate = lookalike(base, random);
      else candidate = suffixVariant(base, random);
      if (this.unmatched(candidate)) return candidate;
    }
    return candidate;
  }
}

/** One DNS lookup to render. */
export interface DnsActivity {
  label: string;
  kind: ScenarioKind;
  process: ProcessInstance;
  /** The `dns.question.name` value (an array in a few lookups). */
  name: string | string[];
  dropOsType: boolean;
  /** Predicted verdict per bundled rule id (absent for background lookups). */
  intent?: Record<string, boolean>;
}

export interface ScenarioShares {
  llmShare: number;
  positiveShare: number;
  nearMissShare: number;
}

export class ScenarioPicker {
  private readonly choices = new Map<string, WeightedChoice<Scenario> | null>();

  constructor(
    private readonly pool: DomainPool,
    private readonly shares: ScenarioShares,
  ) {}

  private choiceFor(os: OperatingSystem, source: Source, kind: Scenario['kind']): WeightedChoice<Scenario> | null {
    const key = `${os}/${source}/${kind}`;
    let choice = this.choices.get(key);
    if (choice === undefined) {
      const entries = SCENARIOS.filter(
        (scenario) => scenario.kind === kind && scenario.os === os && scenario.sources.includes(source) && scenario.templates.length > 0,
      ).map((scenario) => [scenario, scenario.weight] as const);
      choice = entries.length > 0 ? new WeightedChoice(entries) : null;
      this.choices.set(key, choice);
    }
    return choice;
  }

  /** Chooses what the next DNS lookup on this host is. `forceKind` makes it an LLM lookup of that kind. */
  pick(random: Random, host: Host, timeMs: number, forceKind?: Scenario['kind']): DnsActivity {
    let kind: Scenario['kind'] | undefined = forceKind;
    if (kind === undefined && random.chance(this.shares.llmShare)) {
      const roll = random.float();
      kind =
        roll < this.shares.positiveShare
          ? 'positive'
          : roll < this.shares.positiveShare + this.shares.nearMissShare
            ? 'near-miss'
            : 'benign';
    }
    const scenario =
      kind === undefined
        ? undefined
        : (this.choiceFor(host.os, host.source, kind) ?? this.choiceFor(host.os, host.source, 'benign'))?.pick(random);
    if (scenario === undefined) {
      return {
        label: 'background',
        kind: 'background',
        process: random.pick(host.everyday),
        name: this.pool.everydayName(random),
        dropOsType: false,
      };
    }
    let name: string;
    switch (scenario.domain) {
      case 'llm':
      case 'llm-chat':
        name = this.pool.llmName(random, scenario.domain === 'llm-chat');
        if (random.chance(0.05)) name = randomCase(name, random);
        break;
      default:
        name = this.pool.nearMissName(random, scenario.domain);
    }
    const process = startProcess(random, host, random.pick(scenario.templates), timeMs - random.between(200, 600_000), name);
    // A few sources report several names in one lookup; any element may match.
    const value: string | string[] = random.chance(0.02) ? [this.pool.everydayName(random), name] : name;
    return {
      label: scenario.label,
      kind: scenario.kind,
      process,
      name: value,
      dropOsType: scenario.dropOsType === true,
      intent: this.intent(scenario.side, value),
    };
  }

  /** Intent of a non-DNS event that mentions an LLM name: no rule can match it (no dns.question.name). */
  noDnsIntent(): Record<string, boolean> {
    const intent: Record<string, boolean> = {};
    for (const rule of this.pool.rules) intent[rule.id] = false;
    return intent;
  }

  /** Whether a rule's domain list matches a name, memoised (names repeat a lot). */
  private readonly domainMatches = new Map<string, boolean>();

  private ruleMatchesName(rule: CorpusRule, name: string): boolean {
    const key = `${rule.id}\u0000${name}`;
    let matches = this.domainMatches.get(key);
    if (matches === undefined) {
      matches = matchesAny(rule.domainPatterns, name);
      if (this.domainMatches.size >= 50_000) this.domainMatches.clear();
      this.domainMatches.set(key, matches);
    }
    return matches;
  }

  private intent(side: Side, name: string | string[]): Record<string, boolean> {
    const names = Array.isArray(name) ? name : [name];
    const intent: Record<string, boolean> = {};
    for (const rule of this.pool.rules) {
      const ruleSide = (side as Record<string, boolean>)[rule.id];
      if (ruleSide === undefined) continue;
      intent[rule.id] = ruleSide && names.some((candidate) => this.ruleMatchesName(rule, candidate));
    }
    return intent;
  }
}
