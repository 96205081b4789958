import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { addGlobalOptions } from '../../core/cli-runtime.ts';
import { flagNames, loadConfig } from '../../core/config.ts';
import { isDarkroomError } from '../../core/errors.ts';

describe('configuration', () => {
  it('names the variable, its flag, the bad value and what a good one looks like', () => {
    assert.throws(
      () => loadConfig({ DARKROOM_PORT: 'abc', DARKROOM_THREADS: '0', DARKROOM_HOME: '/tmp/x' }),
      (err: unknown) => {
        assert.ok(isDarkroomError(err, 'CONFIG_INVALID'));
        assert.match(err.message, /DARKROOM_PORT \/ --port \(got "abc"\): must be a whole number from 0 to 65535/);
        assert.match(err.message, /DARKROOM_THREADS \/ --threads \(got "0"\): must be a whole number of CPU threads/);
        return true;
      },
    );
  });

  it('lets a flag win over the environment', () => {
    const config = loadConfig({ DARKROOM_PORT: '5000', DARKROOM_HOME: '/tmp/x' }, { port: '6000' });
    assert.equal(config.port, 6000);
    assert.ok(Object.isFrozen(config));
  });

  it('refuses a model path that does not exist, naming it', () => {
    assert.throws(() => loadConfig({ DARKROOM_HOME: '/tmp/x', DARKROOM_EMBED_MODEL: '/nowhere/model' }), /DARKROOM_EMBED_MODEL points at \/nowhere\/model, which does not exist/);
  });

  it('names only flags the CLI really has', () => {
    const program = addGlobalOptions(new Command('darkroom'));
    const serveOnly = new Set(['--host', '--port', '--allowed-hosts']);
    const known = new Set(program.options.map((o) => o.long));
    for (const flag of Object.values(flagNames)) {
      if (serveOnly.has(flag)) continue;
      assert.ok(known.has(flag), `${flag} is a global option`);
    }
  });
});
