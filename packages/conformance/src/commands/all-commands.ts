import { badInputCommands } from './bad-input-commands.js';
import { bulkWriteCommands } from './bulk-write-commands.js';
import { finishManyCommands } from './finish-many-commands.js';
import { historyCommands } from './history-commands.js';
import { machineCommands } from './machine-commands.js';
import { operatorCommands } from './operator-commands.js';
import { sessionCommands } from './session-commands.js';
import { workCommands } from './work-commands.js';
import { workManyCommands } from './work-many-commands.js';

/** Repeats an arbitrary so fc.commands draws it more often. */
const times = <T>(n: number, arb: T): T[] => Array.from({ length: n }, () => arb);

/**
 * Every command of the model run, weighted so runs reach interesting states (held work,
 * backoffs, zombies, takeovers) often: claims and work outcomes are drawn more often
 * than tag edits, operator actions and bad input.
 */
export const allCommands = [
  ...times(2, machineCommands.create),
  machineCommands.setTags,
  machineCommands.deleteTags,
  machineCommands.deleteMachine,
  bulkWriteCommands.createMachines,
  bulkWriteCommands.setTagsMany,
  ...times(2, sessionCommands.start),
  sessionCommands.heartbeat,
  sessionCommands.close,
  ...times(2, sessionCommands.advance),
  ...times(3, workCommands.claimById),
  ...times(2, workCommands.claimByFilter),
  ...times(3, workCommands.claimRetry),
  ...times(2, workManyCommands.claimMany),
  ...times(2, workCommands.finish),
  ...times(2, finishManyCommands.finishMany),
  ...times(2, workCommands.fail),
  workCommands.cancel,
  ...times(3, historyCommands.page),
  historyCommands.prune,
  ...times(2, operatorCommands.clearBackoff),
  operatorCommands.sessions,
  badInputCommands,
];
