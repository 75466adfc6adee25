/**
 * Elastic Defend documents (`logs-endpoint.events.*`), Windows and macOS: full
 * `code_signature` blocks, `process.Ext`, `dns.Ext.options` as a 64-bit flag word
 * (9223372036854775808 when bit 63 is set), FILETIME-precision timestamps.
 */
import type { Signature } from './catalogue.js';
import {
  directoryOf,
  extensionOf,
  fileName,
  isoMillis,
  isoSeconds,
  isoTicks,
  type RenderContext,
  resolvedAddresses,
  touchedFile,
  userSid,
} from './render-common.js';
import type { Host, ProcessInstance } from './world.js';

type Json = Record<string, unknown>;

function codeSignature(host: Host, signature: Signature): Json {
  if (!signature.exists) return { exists: false };
  if (host.os === 'macos') {
    const block: Json = { exists: true, status: signature.status ?? 'trusted', trusted: signature.trusted === true };
    if (signature.subjectName !== undefined) block.subject_name = signature.subjectName;
    if (signature.teamId) block.team_id = signature.teamId;
    if (signature.signingId) block.signing_id = signature.signingId;
    return block;
  }
  return {
    trusted: signature.trusted === true,
    subject_name: signature.subjectName ?? '',
    exists: true,
    status: signature.status ?? 'trusted',
  };
}

/** Full host block (DNS and process events); other events carry the short one, as agents trimmed by policy do. */
function hostBlock(host: Host, dropOsType: boolean, full: boolean): Json {
  const release = host.release;
  const family = host.os;
  let os: Json;
  if (full) {
    os =
      host.os === 'windows'
        ? {
            Ext: { variant: release.variant },
            kernel: release.kernel,
            name: release.name,
            family,
            type: family,
            version: release.version,
            platform: family,
            full: release.full,
          }
        : {
            Ext: { variant: 'macOS' },
            kernel: release.kernel,
            name: release.name,
            family,
            type: family,
            version: release.version,
            platform: family,
            full: release.full,
          };
  } else {
    os = { name: release.name, family, type: family, version: release.version };
  }
  if (dropOsType) delete os.type;
  return full
    ? {
        hostname: host.hostname,
        os,
        ip: host.ip.slice(0, 2),
        name: host.hostname,
        id: host.id,
        mac: host.mac,
        architecture: host.architecture,
      }
    : { hostname: host.hostname, os, ip: [host.ip[0]], name: host.hostname, id: host.id };
}

function processBrief(process: ProcessInstance, host: Host, withSignature: boolean): Json {
  if (!withSignature) return { name: process.name, pid: process.pid, entity_id: process.entityId, executable: process.executable };
  const signature = codeSignature(host, process.signature);
  return {
    Ext: { ancestry: process.ancestry },
    code_signature: signature,
    name: process.name,
    pid: process.pid,
    entity_id: process.entityId,
    executable: process.executable,
  };
}

function userBlock(host: Host, process: ProcessInstance): Json {
  if (host.os === 'macos') return { name: process.user, id: process.user === 'root' ? '0' : '501' };
  return process.user === 'SYSTEM'
    ? { domain: 'NT AUTHORITY', name: 'SYSTEM', id: 'S-1-5-18' }
    : { domain: host.domain, name: process.user, id: userSid(host, process.user) };
}

/** Field order of Elastic Defend documents as the endpoint writes them: payload first, envelope last. */
function envelope(
  context: RenderContext,
  dataset: string,
  message: string,
  event: Json,
  body: Json,
  process: ProcessInstance,
  full: boolean,
  dropOsType = false,
): Json {
  const { host, timeMs, random } = context;
  event.id = random.base64(18);
  event.kind = 'event';
  event.module = 'endpoint';
  event.dataset = dataset;
  event.sequence = context.sequence;
  event.ingested = isoSeconds(timeMs + random.between(2000, 30000));
  if (full) event.agent_id_status = 'verified';
  const document: Json = { agent: { id: host.agentId, type: 'endpoint', version: host.agentVersion } };
  for (const key in body) document[key] = body[key];
  document.message = message;
  document['@timestamp'] = isoTicks(timeMs, random);
  document.ecs = { version: '8.11.0' };
  document.data_stream = { namespace: 'default', type: 'logs', dataset };
  document.host = hostBlock(host, dropOsType, full);
  document.event = event;
  document.user = userBlock(host, process);
  return document;
}

/** A dns.Ext.options value: Windows DNS query-option flags (bit 63 set in most lookups). */
function queryOptions(context: RenderContext): number {
  const roll = context.random.float();
  if (roll < 0.55) return 2 ** 63; // written as 9223372036854775808
  if (roll < 0.75) return 2 ** 63 + 2 ** 47 + 2 ** 46 + 2 ** 30 + 2 ** 14; // exact in a double: every bit is above 2**11
  if (roll < 0.9) return 2 ** 47 + 2 ** 30;
  return 0;
}

export function defendDns(context: RenderContext, process: ProcessInstance, name: string | string[], dropOsType: boolean): Json {
  const { random } = context;
  const result = random.chance(0.5);
  const dns: Json = {
    Ext: { status: result ? random.pick([0, 0, 0, 9003, 1460]) : 0, options: queryOptions(context) },
    question: { name, type: random.pick(['A', 'A', 'AAAA', 'HTTPS']) },
  };
  if (result) dns.resolved_ip = resolvedAddresses(random, random.between(1, 4));
  const body: Json = {
    process: processBrief(process, context.host, true),
    dns,
    network: { protocol: 'dns', direction: 'egress' },
  };
  if (random.chance(0.3)) (body.process as Json).thread = { id: random.between(1000, 20000) };
  const action = result ? 'lookup_result' : 'lookup_requested';
  return envelope(
    context,
    'endpoint.events.network',
    'DNS event',
    { action, category: ['network'], type: ['protocol', 'info'], outcome: 'unknown' },
    body,
    process,
    true,
    dropOsType,
  );
}

export function defendProcess(context: RenderContext, process: ProcessInstance): Json {
  const { host, random } = context;
  const start = random.chance(0.8);
  const parent: Json = {
    name: process.parent.name,
    pid: process.parent.pid,
    entity_id: process.parent.entityId,
    executable: process.parent.executable,
  };
  const processBlock: Json = {
    ...processBrief(process, host, true),
    args: process.args,
    args_count: process.args.length,
    hash: { md5: process.hashes.md5, sha256: process.hashes.sha256 },
    working_directory: process.workingDirectory,
    parent,
    start: isoMillis(process.startMs),
  };
  if (host.os === 'windows') {
    processBlock.command_line = process.commandLine;
    parent.command_line = process.parent.commandLine;
    (processBlock.Ext as Json).token = { integrity_level_name: process.user === 'SYSTEM' ? 'system' : random.pick(['medium', 'high']) };
  }
  if (host.os === 'windows' && process.template.description !== undefined) {
    processBlock.pe = {
      original_file_name: process.name.toUpperCase(),
      description: process.template.description,
      company: process.template.company ?? 'Microsoft Corporation',
    };
  }
  const action = host.os === 'windows' ? (start ? 'start' : 'end') : start ? 'exec' : 'end';
  return envelope(
    context,
    'endpoint.events.process',
    'Endpoint process event',
    { action, category: ['process'], type: [start ? 'start' : 'end'] },
    { process: processBlock },
    process,
    false,
  );
}

export function defendFile(context: RenderContext, process: ProcessInstance): Json {
  const { host, random } = context;
  const path = touchedFile(random, host, process);
  const name = fileName(path);
  const action = random.pick(['creation', 'overwrite', 'deletion', 'rename']);
  const type = action === 'creation' ? 'creation' : action === 'deletion' ? 'deletion' : 'change';
  const file: Json = { path, size: random.between(0, 5_000_000), name };
  if (random.chance(0.3)) file.Ext = { entropy: Math.round(random.float() * 8_000_000) / 1_000_000, header_bytes: random.hex(16) };
  const extension = extensionOf(name);
  if (extension !== undefined) file.extension = extension;
  if (action === 'rename')
    file.Ext = {
      ...(file.Ext as Json | undefined),
      original: { path: `${directoryOf(path)}${host.os === 'windows' ? '\\' : '/'}~${name}`, name: `~${name}` },
    };
  return envelope(
    context,
    'endpoint.events.file',
    'Endpoint file event',
    { action, category: ['file'], type: [type] },
    { file, process: processBrief(process, host, false) },
    process,
    false,
  );
}

export function defendNetwork(context: RenderContext, process: ProcessInstance, destinationDomain?: string): Json {
  const { random } = context;
  const accepted = random.chance(0.1);
  const [address] = resolvedAddresses(random, 1) as [string];
  const destination: Json = { address, port: random.pick([443, 443, 443, 80, 8443, 53]), ip: address };
  if (random.chance(0.6)) destination.bytes = random.between(60, 90000);
  if (destinationDomain !== undefined) destination.domain = destinationDomain;
  const source: Json = { address: context.host.ip[0], port: random.between(49152, 65535), ip: context.host.ip[0] };
  const action = accepted ? 'connection_accepted' : random.pick(['connection_attempted', 'disconnect_received']);
  const body: Json = {
    process: processBrief(process, context.host, false),
    destination,
    source,
    network: { transport: 'tcp', type: 'ipv4', direction: accepted ? 'ingress' : 'egress' },
  };
  return envelope(
    context,
    'endpoint.events.network',
    'Endpoint network event',
    { action, category: ['network'], type: [action === 'disconnect_received' ? 'end' : 'start'] },
    body,
    process,
    false,
  );
}

export function defendRegistry(context: RenderContext, process: ProcessInstance): Json {
  const { random } = context;
  const key = random.pick([
    'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
    'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\.pdf',
    'SYSTEM\\ControlSet001\\Services\\bam\\State\\UserSettings',
    'SOFTWARE\\Policies\\Google\\Chrome',
  ]);
  const value = random.pick(['OneDrive', 'MRUListEx', 'Update', `\\Device\\HarddiskVolume3\\Windows\\System32\\${process.name}`]);
  const hive = key.startsWith('SYSTEM') ? 'HKLM' : random.pick(['HKLM', 'HKU']);
  const registry = { path: `${hive}\\${key}\\${value}`, hive, key, value, data: { strings: [process.executable], type: 'REG_SZ' } };
  return envelope(
    context,
    'endpoint.events.registry',
    'Endpoint registry event',
    { action: 'modification', category: ['registry'], type: ['change'] },
    { registry, process: processBrief(process, context.host, false) },
    process,
    false,
  );
}
