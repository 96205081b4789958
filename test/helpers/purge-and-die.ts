/**
 * A withdrawal killed halfway, for the consent tests: plans the withdrawal of `<source path>` in `<home>` and runs
 * the real purge, which this process SIGKILLs itself in, right after step `<step>` is recorded.
 * Usage: node --import tsx purge-and-die.ts <home> <source path> <step>
 */
import { loadConfig } from '../../core/config.ts';
import { purgeMaterial, type PurgeStep } from '../../core/consent/purge.ts';
import { planSources } from '../../core/consent/purge-plan.ts';
import { openRuntime } from '../../core/runtime.ts';

const [home, source, stopAt] = process.argv.slice(2);
if (!home || !source || !stopAt) throw new Error('usage: purge-and-die.ts <home> <source path> <step>');
const rt = await openRuntime(loadConfig({}, { home }), { followWrites: false });
const plan = await planSources(rt.archive, rt.state(), [source], { action: 'withdraw' });
await purgeMaterial({ archive: rt.archive, state: rt.state(), withLock: (fn) => fn() }, plan, {
  onStep: (step: PurgeStep) => {
    if (step === stopAt) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write('the purge was not stopped\n');
