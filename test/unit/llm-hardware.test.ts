/** The hardware line of an answer: the backend that holds the model's layers, and "CPU" when no GPU does. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hardwareOf } from '../../core/models/llm/hardware.ts';
import { formatHardware } from '../../server/commands/ask.ts';

describe('the hardware line', () => {
  it('says CPU when a GPU backend was found but holds no layer (Vulkan without a device)', () => {
    assert.equal(hardwareOf('vulkan', 0), 'CPU');
    assert.equal(hardwareOf(false, 0), 'CPU');
    assert.equal(hardwareOf('cuda', 33), 'cuda, 33 layers');
  });

  it('names this machine\'s processor and the threads used for a CPU model, and nothing it cannot see', () => {
    const model = { backend: 'node-llama-cpp' as const, name: 'm.gguf', sha256: 'x', url: null, context_size: 1024, gpu: 'CPU' };
    assert.match(formatHardware(model, 2) ?? '', /^CPU \(.+, \d+ logical cores, 2 threads used\)$/);
    assert.equal(formatHardware({ ...model, gpu: 'vulkan, 12 layers' }, 2), 'GPU: vulkan, 12 layers');
    assert.equal(formatHardware({ ...model, backend: 'none', gpu: null }, null), null);
    assert.match(formatHardware({ ...model, backend: 'openai-compatible', url: 'http://gpu-1:8080/v1', gpu: null }, null) ?? '', /model server at http:\/\/gpu-1:8080\/v1/);
  });
});
