import { Command } from 'commander';

const program = new Command('llm-egress')
  .description('Find processes that reach Large Language Model endpoints in ECS endpoint telemetry, with Elastic\'s exact verdicts.')
  .version('0.1.0');

program
  .command('scan')
  .description('scan NDJSON/gzip archives of ECS events (not built yet: see the CLI issue)')
  .argument('[paths...]', 'files, directories or - for stdin')
  .action(() => {
    console.error('llm-egress scan: the scanner is not built yet.');
    process.exitCode = 2;
  });

await program.parseAsync(process.argv);
