// sysdesign estimate FILE [--format text|json]
import { Command, Option } from 'commander';
import { estimateOf } from '../../estimate/per-version';
import { estimateJson, estimateText } from '../../estimate/report';
import { colors, useColor } from '../colors';
import { openSystemDesign } from '../design';
import { CliContext, CommandModule, EXIT_OK, EXIT_PROBLEMS } from '../types';

const FORMATS = ['text', 'json'] as const;

export const estimateCommand: CommandModule = {
  name: 'estimate',
  register(program: Command, ctx: CliContext): void {
    program
      .command('estimate')
      .summary('back-of-the-envelope figures and capacity per component')
      .description(
        'Estimate a design: workload figures (writes and reads per second, average and peak;\n' +
          'storage per day and in total) and, per component, the offered rate, cores and servers\n' +
          'needed, utilization at peak and on average, and mean response time (M/M/c).\n\n' +
          'Exit status: 0 estimated, 1 the design has errors (figures for what could be read)\n' +
          'or declares no system, 2 bad usage or unreadable input.',
      )
      .argument('<file>', 'the design file')
      .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'))
      .action((file: string, options: { format: (typeof FORMATS)[number] }, command: Command) => {
        const { io } = ctx;
        const opened = openSystemDesign(file, io, 'estimate');
        if (typeof opened === 'number') {
          ctx.exitCode = opened;
          return;
        }
        const estimates = opened.analysis.systems.map(estimateOf);
        if (options.format === 'json') io.stdout(`${JSON.stringify(estimateJson(estimates), null, 2)}\n`);
        else {
          const paint = colors(useColor(io, (command.optsWithGlobals() as { color?: boolean }).color));
          io.stdout(estimateText(estimates, { color: (kind, s) => (kind === 'error' ? paint.red(s) : kind === 'warning' ? paint.yellow(s) : kind === 'dim' ? paint.dim(s) : paint.bold(s)) }));
        }
        ctx.exitCode = opened.errors > 0 ? EXIT_PROBLEMS : EXIT_OK;
      });
  },
};
