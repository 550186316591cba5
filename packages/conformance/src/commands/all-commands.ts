import { badInputCommands } from './bad-input-commands.js';
import { machineCommands } from './machine-commands.js';
import { sessionCommands } from './session-commands.js';
import { workCommands } from './work-commands.js';

/**
 * Every command of the model run. Claims are listed twice and machine creation is
 * common, so runs reach interesting states (held work, backoffs, zombies) often.
 */
export const allCommands = [
  ...machineCommands,
  machineCommands[0]!,
  ...sessionCommands,
  ...workCommands,
  workCommands[0]!,
  workCommands[1]!,
  ...badInputCommands,
];
