// The command line of casebook-collect: collect, decrypt, upload, keygen. Each command parses its
// options, does its work through the modules beside this file, and ends with an exit code of errors.ts.
import os from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import { collect, defaultMapName, defaultOutputName, ensureOutputDirectory } from './collect.ts';
import { availableCompression } from './bundle/bundle-stream.ts';
import { newIdentity } from './crypto/age.ts';
import { decryptBundle } from './decrypt.ts';
import { CollectorError, exitCodes } from './errors.ts';
import { type Plan, planCollection } from './plan.ts';
import { loadProfile, shippedProfiles } from './profiles/profile.ts';
import { createProgress } from './progress.ts';
import { gatherRecipients } from './recipients.ts';
import { formatSize, parseDuration, parseSize } from './units.ts';
import { readToken, uploadBundle } from './upload.ts';
import { toolVersion } from './version.ts';

export interface Io {
  out: (text: string) => void;
  err: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

const repeat = (value: string, previous: string[]) => [...previous, value];

function parsed<T>(parse: (text: string) => T, option: string) {
  return (text: string): T => {
    try {
      return parse(text);
    } catch (error) {
      throw new CollectorError(exitCodes.usage, `${option}: ${(error as Error).message}`);
    }
  };
}

export function describePlan(plan: Plan): string[] {
  const lines: string[] = [];
  for (const profile of plan.profiles) lines.push(`profile ${profile.name} ${profile.version} (${profile.product}): ${profile.installed ? 'installed' : 'not installed, skipped'}`);
  let total = 0;
  for (const file of plan.files) {
    const what = file.skipped ? `skipped: ${file.skipped === 'cap' ? 'size cap reached' : file.skipped === 'older' ? 'older than --since' : file.skipped}` : file.truncated ? `last ${formatSize(file.take)} (cut by a cap)` : 'whole';
    lines.push(`file ${file.profile} ${file.source} ${formatSize(file.size)} ${what}`);
    total += file.take;
  }
  for (const command of plan.commands) lines.push(`command ${command.profile} ${command.name}: ${command.run.join(' ')} (time-out ${Math.round(command.timeoutMs / 1000)} s)${command.skipped ? ', skipped under --root' : ''}`);
  lines.push(`total ${plan.files.filter((f) => !f.skipped).length} files, ${formatSize(total)} before masking and compression`);
  return lines;
}

interface UploadFlags {
  case?: string;
  url?: string;
  tokenFile?: string;
  share: string;
}

async function runUpload(file: string, flags: UploadFlags, io: Io, quiet: boolean): Promise<void> {
  if (!flags.case || !flags.url) throw new CollectorError(exitCodes.usage, 'upload needs --case CB-000123 and --url https://support.example');
  const token = readToken(flags.tokenFile, io.env);
  const say = (text: string) => !quiet && io.err.write(`${text}\n`);
  const result = await uploadBundle({ file, caseRef: flags.case, serverUrl: flags.url, token, share: flags.share.split(',').map((s) => s.trim()).filter(Boolean), say });
  io.out(`uploaded ${path.basename(file)} to ${flags.case}: ${result.size} bytes, sha256 ${result.sha256} (checked by the server)${result.resumedFrom > 0 ? `, resumed at byte ${result.resumedFrom}` : ''}`);
}

export function buildProgram(io: Io): Command {
  const program = new Command('casebook-collect')
    .description('Gather, mask, encrypt and upload diagnostic bundles into a Casebook case.')
    .version(toolVersion)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err.write(s) });

  program
    .command('collect')
    .description('Collect the logs and settings of the installed products into one encrypted bundle.')
    .option('--profile <name|file>', `a shipped profile (${shippedProfiles().map((p) => p.name).join(', ')}) or a JSON/YAML file; repeatable (default: all shipped)`, repeat, [])
    .option('--include <path>', 'also collect this file or directory, masked the same way; repeatable', repeat, [])
    .option('--root <dir>', 'resolve every profile path under this directory (a copied tree)')
    .option('--since <duration>', 'only files changed within this time, like 72h', parsed(parseDuration, '--since'))
    .option('--max-size <size>', 'at most this much in all, newest first', parsed(parseSize, '--max-size'), parseSize('250MiB'))
    .option('--recipient <age1...>', 'an age public key that may open the bundle; repeatable', repeat, [])
    .option('--vendor-key <file|url>', "the vendor's key: a file, or the server's URL to fetch it from")
    .option('--output <file>', 'where to write the bundle (default: casebook-HOST-TIME.tar.gz.age here)')
    .option('--map <file>', 'the map of masked names, kept here with you and reused across runs (default: beside the output)')
    .option('--dry-run', 'list what would be collected and write nothing')
    .option('--quiet', 'no progress output')
    .option('--no-mask-hosts', 'keep host names, domains and addresses')
    .option('--no-mask-users', 'keep user names')
    .option('--upload', 'upload the bundle once written (needs --case and --url)')
    .option('--case <number>', 'the case to upload into, like CB-000123')
    .option('--url <url>', 'the Casebook server, like https://support.example')
    .option('--token-file <file>', 'read the upload token from this file instead of CASEBOOK_UPLOAD_TOKEN')
    .option('--share <list>', 'who may open it on the server: vendor, partner:<orgId>', 'vendor')
    .action(async (flags) => {
      const profiles = (flags.profile.length ? flags.profile : shippedProfiles().map((p) => p.name)).map(loadProfile);
      const plan = await planCollection({ profiles, includes: flags.include, root: flags.root, sinceMs: flags.since, maxSize: flags.maxSize, now: Date.now(), platform: process.platform });
      if (flags.dryRun) {
        for (const line of describePlan(plan)) io.out(line);
        return;
      }
      if (flags.upload && (!flags.case || !flags.url)) throw new CollectorError(exitCodes.usage, '--upload needs --case CB-000123 and --url https://support.example');
      if (flags.upload) readToken(flags.tokenFile, io.env);
      const progress = createProgress({ quiet: Boolean(flags.quiet), stream: io.err });
      const recipients = await gatherRecipients(flags.recipient, flags.vendorKey ?? (flags.upload ? flags.url : undefined), (t) => progress.line(t));
      const output = path.resolve(flags.output ?? defaultOutputName(availableCompression(), new Date()));
      ensureOutputDirectory(output);
      const result = await collect({
        plan,
        recipients,
        output,
        mapFile: path.resolve(flags.map ?? defaultMapName(output)),
        maskHosts: flags.maskHosts,
        maskUsers: flags.maskUsers,
        progress,
        facts: { ...(flags.since !== undefined ? { since: `${flags.since} ms` } : {}), maxSize: flags.maxSize, root: Boolean(flags.root) },
      });
      const timedOut = result.commands.filter((c) => c.timedOut).length;
      io.out(`wrote ${result.output} (${formatSize(result.bytes)}, ${result.files} files, ${result.commands.length} commands${timedOut ? `, ${timedOut} timed out` : ''}), encrypted to ${recipients.length} recipient${recipients.length > 1 ? 's' : ''}`);
      io.out(`the map of masked names stays here: ${result.mapFile}`);
      if (flags.upload) await runUpload(result.output, flags, io, Boolean(flags.quiet));
    });

  program
    .command('upload <file>')
    .description('Upload a bundle into a case; run it again after an interruption to resume.')
    .requiredOption('--case <number>', 'the case, like CB-000123')
    .requiredOption('--url <url>', 'the Casebook server, like https://support.example')
    .option('--token-file <file>', 'read the upload token from this file instead of CASEBOOK_UPLOAD_TOKEN')
    .option('--share <list>', 'who may open it on the server: vendor, partner:<orgId>', 'vendor')
    .option('--quiet', 'no progress output')
    .action((file: string, flags) => runUpload(path.resolve(file), flags, io, Boolean(flags.quiet)));

  program
    .command('decrypt <file>')
    .description('For a key holder: open a bundle into a folder.')
    .requiredOption('--identity <file>', 'the age identity file (AGE-SECRET-KEY-1…)')
    .option('--output <dir>', 'the folder to write into (default: the bundle name without .tar.gz.age)')
    .action(async (file: string, flags: { identity: string; output?: string }) => {
      const outputDir = flags.output ?? path.basename(file).replace(/\.tar\.(gz|zst)\.age$|\.age$/, '');
      const result = await decryptBundle(file, flags.identity, outputDir);
      io.out(`wrote ${result.files} files into ${path.resolve(outputDir)}`);
    });

  program
    .command('keygen')
    .description('Make an age key pair (prints the identity; its public key goes to stderr).')
    .addOption(new Option('--quiet').hideHelp())
    .action(async () => {
      const { identity, recipient } = await newIdentity();
      io.err.write(`public key: ${recipient}${os.EOL}`);
      io.out(`# public key: ${recipient}\n${identity}`);
    });

  return program;
}
