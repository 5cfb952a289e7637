// Every subcommand, registered once. A new command (estimate, render,
// simulate…) is a module exporting a CommandModule, added to this list.
import type { CommandModule } from '../types';
import { checkCommand } from './check';
import { diffCommand } from './diff';
import { estimateCommand } from './estimate';
import { formatCommand } from './format';
import { lspCommand } from './lsp';
import { mcpCommand } from './mcp';
import { renderCommand } from './render';
import { reportCommand } from './report';
import { simulateCommand } from './simulate';

export const COMMANDS: readonly CommandModule[] = [
  checkCommand,
  diffCommand,
  estimateCommand,
  formatCommand,
  lspCommand,
  mcpCommand,
  renderCommand,
  reportCommand,
  simulateCommand,
];
